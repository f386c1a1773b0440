package org.camsink.lambda.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.camsink.lambda.aggregate.AggregationService.RunResult;
import org.camsink.lambda.testing.StatsRows;
import org.junit.jupiter.api.Test;

/** The run's metrics line is valid CloudWatch embedded metric format, with the names the template alarms on. */
class RunMetricsTest {
    @Test
    void failedAndOversizedCellsAreMetricsWithTheFunctionAsDimension() {
        String line = RunMetrics.emf(new RunResult(5, 40, 900, 3, 0, 1, 1, 1234), "stack-aggregate", 1_700_000_000_000L);
        assertThat(line).doesNotContain("\n");
        JsonNode root = StatsRows.parse(line);
        JsonNode directive = root.get("_aws").get("CloudWatchMetrics").get(0);
        assertThat(root.get("_aws").get("Timestamp").asLong()).isEqualTo(1_700_000_000_000L);
        assertThat(directive.get("Namespace").asText()).isEqualTo("camsink");
        assertThat(directive.get("Dimensions").get(0).get(0).asText()).isEqualTo("FunctionName");
        assertThat(directive.get("Metrics").findValuesAsText("Name")).contains("FailedCells", "OversizedCells");
        assertThat(root.get("FunctionName").asText()).isEqualTo("stack-aggregate");
        assertThat(root.get("FailedCells").asInt()).isEqualTo(1);
        assertThat(root.get("OversizedCells").asInt()).isEqualTo(1);
        assertThat(root.get("PublishedRows").asInt()).isEqualTo(40);
    }
}

package org.camsink.lambda.handler;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.camsink.lambda.aggregate.AggregationService.RunResult;
import org.camsink.lambda.http.Json;

/**
 * One aggregation run as a CloudWatch embedded metric format (EMF) log line: Lambda's log stream turns it into
 * metrics in namespace {@value #NAMESPACE} with dimension {@code FunctionName}, without any API call.
 * {@code FailedCells} and {@code OversizedCells} feed the template's alarm.
 */
public final class RunMetrics {
    public static final String NAMESPACE = "camsink";

    private RunMetrics() {}

    public static String emf(RunResult r, String functionName, long timestampMillis) {
        ObjectNode root = Json.object();
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", timestampMillis);
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        directive.putArray("Dimensions").addArray().add("FunctionName");
        ArrayNode metrics = directive.putArray("Metrics");
        for (String name : new String[] {"DirtyCells", "OpenCells", "FailedCells", "OversizedCells", "PublishedRows"}) {
            metrics.addObject().put("Name", name).put("Unit", "Count");
        }
        metrics.addObject().put("Name", "RunMillis").put("Unit", "Milliseconds");
        root.put("FunctionName", functionName);
        root.put("DirtyCells", r.cells());
        root.put("OpenCells", r.open());
        root.put("FailedCells", r.failed());
        root.put("OversizedCells", r.oversized());
        root.put("PublishedRows", r.rows());
        root.put("RunMillis", r.millis());
        return new String(Json.bytes(root), StandardCharsets.UTF_8);
    }
}

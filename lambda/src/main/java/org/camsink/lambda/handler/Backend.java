package org.camsink.lambda.handler;

import java.time.Clock;
import org.camsink.lambda.aggregate.AggregationService;
import org.camsink.lambda.config.BackendConfig;
import org.camsink.lambda.ingest.IngestService;
import org.camsink.lambda.stats.StatsService;
import org.camsink.lambda.store.dynamo.DynamoAggregateStore;
import org.camsink.lambda.store.dynamo.DynamoDailyCap;
import org.camsink.lambda.store.dynamo.DynamoDirtyCells;
import org.camsink.lambda.store.dynamo.DynamoReportStore;
import org.camsink.report.ReportCodec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Wires the services of the three functions over one DynamoDB client. Each handler builds only what it uses. */
public final class Backend {
    private Backend() {}

    public static IngestService ingest(BackendConfig config, DynamoDbClient dynamo, Clock clock) {
        return new IngestService(new ReportCodec(),
                new DynamoReportStore(dynamo, config.reportsTable()),
                new DynamoDirtyCells(dynamo, config.statsTable()),
                new DynamoDailyCap(dynamo, config.statsTable()),
                config, clock);
    }

    public static AggregationService aggregation(BackendConfig config, DynamoDbClient dynamo, Clock clock) {
        return new AggregationService(
                new DynamoReportStore(dynamo, config.reportsTable()),
                new DynamoDirtyCells(dynamo, config.statsTable()),
                new DynamoAggregateStore(dynamo, config.statsTable()),
                clock, config.settleSeconds());
    }

    public static StatsService stats(BackendConfig config, DynamoDbClient dynamo) {
        return new StatsService(new DynamoAggregateStore(dynamo, config.statsTable()), config.k());
    }
}

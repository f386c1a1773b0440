package org.camsink.lambda.handler;

import org.camsink.lambda.candidates.CandidateService;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.camsink.lambda.aggregate.AggregationService;
import org.camsink.lambda.aggregate.Aggregator;
import org.camsink.lambda.config.BackendConfig;
import org.camsink.lambda.ingest.IngestService;
import org.camsink.lambda.release.DiscreteLaplace;
import org.camsink.lambda.release.Releaser;
import org.camsink.lambda.stats.StatsService;
import org.camsink.lambda.store.dynamo.DynamoAggregateStore;
import org.camsink.lambda.store.dynamo.DynamoDailyCap;
import org.camsink.lambda.store.dynamo.DynamoDirtyCells;
import org.camsink.lambda.store.dynamo.DynamoReportStore;
import org.camsink.lambda.store.dynamo.DynamoSpentTokens;
import org.camsink.lambda.token.Issuer;
import org.camsink.lambda.token.IssuerService;
import org.camsink.lambda.token.TokenGate;
import org.camsink.report.ReportCodec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Wires the services of the three functions over one DynamoDB client. Each handler builds only what it uses. */
public final class Backend {
    private Backend() {}

    public static IngestService ingest(BackendConfig config, Issuer issuer, DynamoDbClient dynamo, Clock clock) {
        return new IngestService(new ReportCodec(),
                new DynamoReportStore(dynamo, config.reportsTable()),
                new DynamoDirtyCells(dynamo, config.statsTable()),
                new DynamoDailyCap(dynamo, config.statsTable()),
                new TokenGate(issuer.keys(), issuer.challenge(), new DynamoSpentTokens(dynamo, config.statsTable()),
                        clock),
                config, clock);
    }

    /** The token issuer; its per-block counters share the stats table with the daily caps. */
    public static IssuerService issuer(BackendConfig config, Issuer issuer, DynamoDbClient dynamo, Clock clock) {
        return new IssuerService(issuer.keys(), issuer.challenge(),
                new DynamoDailyCap(dynamo, config.statsTable(), DynamoDailyCap.ISSUANCE),
                issuer.config().perBlockPerDay(), clock);
    }

    public static AggregationService aggregation(BackendConfig config, DynamoDbClient dynamo, Clock clock) {
        return new AggregationService(
                new DynamoReportStore(dynamo, config.reportsTable()),
                new DynamoDirtyCells(dynamo, config.statsTable()),
                new DynamoAggregateStore(dynamo, config.statsTable()),
                new Aggregator(config.release().bounds()),
                new Releaser(config.release().policy(config.k()), new DiscreteLaplace(new SecureRandom())),
                clock, Duration.ofHours(config.release().delayHours()), config.settleSeconds());
    }

    public static CandidateService candidates(BackendConfig config, DynamoDbClient dynamo) {
        return new CandidateService(new DynamoReportStore(dynamo, config.reportsTable()), config.k());
    }

    public static StatsService stats(BackendConfig config, DynamoDbClient dynamo) {
        return new StatsService(new DynamoAggregateStore(dynamo, config.statsTable()),
                config.release().policy(config.k()));
    }
}

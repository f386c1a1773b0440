package org.camsink.lambda.handler;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.camsink.lambda.config.BackendConfig;
import org.camsink.lambda.http.Json;
import org.camsink.report.ReportCodec;
import org.camsink.report.ReportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Work done before a SnapStart snapshot so restored functions start warm: Jackson parses and writes a report, and
 * the SDK client makes one real call of an operation the function already uses (so no extra IAM permission),
 * which loads the marshallers, signer, retry and HTTP code. A priming failure is logged and ignored.
 */
public final class Priming {
    private static final Logger LOG = LoggerFactory.getLogger(Priming.class);
    private static final String SAMPLE = """
            {"schema":"camsink.report/1","reportId":"00000000-0000-4000-8000-000000000000","day":"2026-01-01",\
            "installation":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","region":"UA-30","kind":"home",\
            "version":"0.0.0","activeClients":1,"hits":[{"list":"trassir","entry":"cloud.trassir.com",\
            "match":"qname","queries":1,"clients":1}]}""";
    private static final Map<String, AttributeValue> KEY =
            Map.of("pk", AttributeValue.fromS("PRIME"), "sk", AttributeValue.fromS("PRIME"));

    private final Runnable sdkCall;

    private Priming(Runnable sdkCall) {
        this.sdkCall = sdkCall;
    }

    /** Ingest: a PutItem whose condition always fails, so nothing is written. */
    public static Priming ingest(BackendConfig config, DynamoDbClient dynamo) {
        return new Priming(() -> dynamo.putItem(b -> b.tableName(config.reportsTable()).item(KEY)
                .conditionExpression("attribute_exists(pk) AND attribute_not_exists(pk)")));
    }

    /** The API and aggregation: a Query of an empty partition of the stats table. */
    public static Priming query(BackendConfig config, DynamoDbClient dynamo) {
        return new Priming(() -> dynamo.query(b -> b.tableName(config.statsTable())
                .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", KEY.get("pk")))));
    }

    /** Nothing to call (tests that wire services by hand). */
    public static Priming none() {
        return new Priming(() -> {});
    }

    public void run() {
        try {
            ReportCodec codec = new ReportCodec();
            codec.encode(codec.decode(SAMPLE.getBytes(StandardCharsets.UTF_8)));
            Json.bytes(Json.object().put("primed", true));
        } catch (ReportException | RuntimeException e) {
            LOG.warn("priming Jackson failed: {}", e.toString());
        }
        try {
            sdkCall.run();
        } catch (RuntimeException e) {
            // A conditional-check failure is the expected answer of the ingest call.
            LOG.debug("priming call answered: {}", e.getClass().getSimpleName());
        }
    }
}

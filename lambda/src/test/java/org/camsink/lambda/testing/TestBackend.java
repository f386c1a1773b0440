package org.camsink.lambda.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camsink.lambda.config.BackendConfig;
import org.camsink.lambda.handler.AggregateHandler;
import org.camsink.lambda.handler.ApiHandler;
import org.camsink.lambda.handler.IngestHandler;
import org.camsink.lambda.store.dynamo.DynamoClients;
import org.camsink.lambda.store.dynamo.Tables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The three handlers over fresh tables in the shared dynalite, with a fixed clock (the golden reports' days must
 * stay inside ingest's accepted window whenever the tests run). Events start from the JSON fixtures under
 * {@code events/}.
 */
public final class TestBackend implements AutoCloseable {
    /** Noon UTC the day after the golden reports' last day. */
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);

    public final BackendConfig config;
    public final DynamoDbClient dynamo;
    public final IngestHandler ingest;
    public final ApiHandler api;
    public final AggregateHandler aggregate;

    private TestBackend(BackendConfig config, DynamoDbClient dynamo) {
        this.config = config;
        this.dynamo = dynamo;
        this.ingest = new IngestHandler(config, dynamo, CLOCK);
        this.api = new ApiHandler(config, dynamo, CLOCK);
        this.aggregate = new AggregateHandler(config, dynamo, CLOCK);
    }

    /** Fresh tables; settle 0 because the tests never ingest while aggregating. */
    public static TestBackend create(URI endpoint, int k) {
        return create(endpoint, k, 48);
    }

    public static TestBackend create(URI endpoint, int k, int cap) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        BackendConfig config = BackendConfig.local("reports-" + suffix, "stats-" + suffix, endpoint)
                .withK(k).withDailyReportCap(cap).withSettleSeconds(0);
        DynamoDbClient dynamo = DynamoClients.forLocal(config);
        Tables.ensure(dynamo, config);
        return new TestBackend(config, dynamo);
    }

    /** POST /v1/reports from the fixture, with this body as JSON text. */
    public APIGatewayV2HTTPResponse post(byte[] body) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/post-report.json");
        event.setBody(new String(body, StandardCharsets.UTF_8));
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.remove("content-length");
        event.setHeaders(headers);
        return ingest.handleRequest(event, null);
    }

    /** GET on the API handler from the fixture, with these parameters and headers. */
    public APIGatewayV2HTTPResponse get(String path, Map<String, String> query, Map<String, String> headers) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/get-stats.json");
        event.setRawPath(path);
        event.getRequestContext().getHttp().setPath(path);
        event.setQueryStringParameters(query.isEmpty() ? null : new HashMap<>(query));
        Map<String, String> h = new HashMap<>(event.getHeaders());
        h.putAll(headers);
        event.setHeaders(h);
        return api.handleRequest(event, null);
    }

    public Map<String, Object> aggregate() {
        ScheduledEvent event = EventLoader.loadScheduledEvent("events/scheduled.json");
        return aggregate.handleRequest(event, null);
    }

    public List<Map<String, AttributeValue>> scanReports() {
        return dynamo.scan(b -> b.tableName(config.reportsTable())).items();
    }

    public List<Map<String, AttributeValue>> scanStats() {
        return dynamo.scan(b -> b.tableName(config.statsTable())).items();
    }

    @Override
    public void close() {
        dynamo.deleteTable(b -> b.tableName(config.reportsTable()));
        dynamo.deleteTable(b -> b.tableName(config.statsTable()));
        dynamo.close();
    }
}

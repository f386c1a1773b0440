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
import org.camsink.lambda.aggregate.AggregateRow;
import org.camsink.lambda.aggregate.Aggregator;
import org.camsink.lambda.aggregate.CellKey;
import org.camsink.lambda.aggregate.Grain;
import org.camsink.lambda.config.BackendConfig;
import org.camsink.lambda.config.ReleaseConfig;
import org.camsink.lambda.handler.AggregateHandler;
import org.camsink.lambda.handler.ApiHandler;
import org.camsink.lambda.handler.IngestHandler;
import org.camsink.lambda.store.dynamo.DynamoClients;
import org.camsink.lambda.store.dynamo.DynamoReportStore;
import org.camsink.lambda.store.dynamo.Tables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The three handlers over fresh tables in the shared dynalite, with fixed clocks (the golden reports' days must
 * stay inside ingest's accepted window whenever the tests run). Ingest and the API run on the golden reports'
 * last day; aggregation runs two days later, when both days are closed and get released. Events start from the
 * JSON fixtures under {@code events/}.
 */
public final class TestBackend implements AutoCloseable {
    /** Noon UTC on the golden reports' last day: both their days still take reports. */
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);
    /** When aggregation runs: both golden days have ended and their release delay (24 h) has passed. */
    public static final Clock RELEASE_CLOCK = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);
    /**
     * The privacy parameters of tests that check the plumbing, not the protection: epsilon so large that the
     * installation counts are (almost surely) exact and the thresholds sit at k + 1 to k + 3.
     */
    public static final ReleaseConfig LOOSE = ReleaseConfig.DEFAULTS.withEpsilon("1000");

    public final BackendConfig config;
    public final DynamoDbClient dynamo;
    public final IngestHandler ingest;
    public final ApiHandler api;
    public final AggregateHandler aggregate;

    private TestBackend(BackendConfig config, DynamoDbClient dynamo) {
        this.config = config;
        this.dynamo = dynamo;
        this.ingest = new IngestHandler(config, TestTokens.issuer(), dynamo, CLOCK);
        this.api = new ApiHandler(config, dynamo, CLOCK);
        this.aggregate = new AggregateHandler(config, dynamo, RELEASE_CLOCK);
    }

    /** Fresh tables with {@link #LOOSE} privacy; settle 0 because the tests never ingest while aggregating. */
    public static TestBackend create(URI endpoint, int k) {
        return create(endpoint, k, 48);
    }

    public static TestBackend create(URI endpoint, int k, int cap) {
        return create(endpoint, k, cap, LOOSE);
    }

    public static TestBackend create(URI endpoint, int k, int cap, ReleaseConfig release) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        BackendConfig config = BackendConfig.local("reports-" + suffix, "stats-" + suffix, endpoint)
                .withK(k).withDailyReportCap(cap).withSettleSeconds(0).withRelease(release);
        DynamoDbClient dynamo = DynamoClients.forLocal(config);
        Tables.ensure(dynamo, config);
        return new TestBackend(config, dynamo);
    }

    /** POST /v1/reports from the fixture, with this body as JSON text and a fresh token. */
    public APIGatewayV2HTTPResponse post(byte[] body) {
        return post(body, TestTokens.authorization());
    }

    /** POST /v1/reports with this {@code Authorization} value (none when null). */
    public APIGatewayV2HTTPResponse post(byte[] body, String authorization) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/post-report.json");
        event.setBody(new String(body, StandardCharsets.UTF_8));
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.remove("content-length");
        if (authorization != null) {
            headers.put("authorization", authorization);
        }
        event.setHeaders(headers);
        return ingest.handleRequest(event, null);
    }

    /** An ingest event with a fresh token added to its headers. */
    public static APIGatewayV2HTTPEvent withToken(APIGatewayV2HTTPEvent event) {
        Map<String, String> headers = new HashMap<>(event.getHeaders() == null ? Map.of() : event.getHeaders());
        headers.put("authorization", TestTokens.authorization());
        event.setHeaders(headers);
        return event;
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

    /** The exact (bounded, not yet noised) rows of one cell, from the stored reports. */
    public List<AggregateRow> exact(String country, String day) {
        CellKey cell = new CellKey(country, day);
        return new Aggregator(config.release().bounds())
                .aggregate(cell, new DynamoReportStore(dynamo, config.reportsTable()).reportsOf(cell));
    }

    /** installations, activeInstallations, clients, queries of one exact row. */
    public List<Long> exact(String country, String day, Grain grain, String region, String list, String entry) {
        return exact(country, day).stream()
                .filter(r -> r.grain() == grain && r.region().equals(region) && r.list().equals(list)
                        && java.util.Objects.equals(r.entry(), entry))
                .map(r -> List.of(r.installations(), r.activeInstallations(), r.clients(), r.queries()))
                .findFirst().orElse(List.of());
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

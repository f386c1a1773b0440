package org.camsink.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.camsink.lambda.config.BackendConfig;
import org.camsink.lambda.handler.AggregateHandler;
import org.camsink.lambda.handler.ApiHandler;
import org.camsink.lambda.handler.IngestHandler;
import org.camsink.lambda.handler.TokenHandler;
import org.camsink.lambda.testing.TestTokens;
import org.camsink.lambda.store.dynamo.Tables;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

/**
 * Runs the three handlers, configured from the template's own Environment, against a real dynalite, on realistic
 * requests (valid reports, a duplicate, a report over the daily cap, bad input, a stats query in JSON and CSV,
 * the lists, the dashboard, an aggregation run, and the SnapStart priming each one does before its snapshot), with
 * an SDK interceptor that records every DynamoDB operation and table. Then it holds the template to what the code
 * did: the tables and key schemas the code creates, exactly the IAM actions each function used on each table, and
 * the TTL attribute on the items it wrote.
 */
class DynamoContractTest {
    private static final String REGION = "us-east-1";
    /** Noon of the newest golden day: every golden report is then recent enough to be accepted. */
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final String SOURCE_IP = "203.0.113.77";
    private static final String USER_AGENT = "camsink-resolver/9.9.9 (contract-test)";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Template T = Template.load();
    private static final Map<String, String> TABLE_NAMES = new TreeMap<>();
    private static final Map<String, String> TABLE_IDS = new TreeMap<>();
    /** Function logical id to table logical id to the DynamoDB operations its code called there. */
    private static final Map<String, Map<String, Set<String>>> OBSERVED = new TreeMap<>();
    private static final List<CreateTableRequest> CREATES = new ArrayList<>();

    private static Dynalite dynalite;
    private static OperationRecorder recorder;
    private static DynamoDbClient recorded;
    private static DynamoDbClient inspector;

    @BeforeAll
    static void runTheHandlers() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (String id : T.resourcesOfType("AWS::DynamoDB::Table")) {
            TABLE_NAMES.put(id, "camsink-" + run + "-" + id);
            TABLE_IDS.put("camsink-" + run + "-" + id, id);
        }
        dynalite = Dynalite.start();
        recorder = new OperationRecorder();
        recorded = dynalite.client(recorder);
        inspector = dynalite.client();

        // The tables as the code defines them (the local runner creates them this way; the template in AWS).
        Tables.ensure(recorded, config("IngestFunction"));
        CREATES.addAll(recorder.creates());

        ingest();
        tokens();
        aggregate();
        api();
    }

    @AfterAll
    static void stop() throws Exception {
        if (recorded != null) {
            recorded.close();
            inspector.close();
        }
        if (dynalite != null) {
            dynalite.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ scenarios

    private static void ingest() throws IOException {
        BackendConfig config = config("IngestFunction");
        IngestHandler handler = new IngestHandler(config, TestTokens.issuer(), recorded, Clock.fixed(NOW, ZoneOffset.UTC));
        recorder.clear();
        handler.beforeCheckpoint(null);

        String a = golden("2026-11-26-ua30-home-a.json");
        expect(handler.handleRequest(post(a), null), 202);
        APIGatewayV2HTTPResponse dup = handler.handleRequest(post(a), null);
        APIGatewayV2HTTPEvent noToken = post(golden("2026-11-26-ua32-home-e.json"));
        noToken.getHeaders().remove("authorization");
        expect(handler.handleRequest(noToken, null), 401);
        expect(dup, 200);
        assertThat(dup.getBody()).contains("\"duplicate\":true");
        expect(handler.handleRequest(post(golden("2026-11-26-ua32-home-e.json")), null), 202);
        expect(handler.handleRequest(post(golden("2026-11-26-ua32-business-f.json")), null), 202);
        expect(handler.handleRequest(post("{\"schema\":"), null), 400);
        APIGatewayV2HTTPEvent wrongType = post(a);
        wrongType.getHeaders().put("content-type", "text/plain");
        expect(handler.handleRequest(wrongType, null), 415);

        // Over the daily cap: the template's cap is far above a test's volume, so the same code runs with a cap of 1.
        IngestHandler capped = new IngestHandler(config.withDailyReportCap(1), TestTokens.issuer(), recorded,
                Clock.fixed(NOW, ZoneOffset.UTC));
        String c = golden("2026-11-26-ua46-home-c.json");
        expect(capped.handleRequest(post(c), null), 202);
        expect(capped.handleRequest(post(withNewReportId(c)), null), 429);
        observe("IngestFunction");
    }

    /** The issuer: its directory, two tokens for one address block, and the block's third request over its cap. */
    private static void tokens() throws IOException {
        TokenHandler handler = new TokenHandler(config("TokenFunction"), TestTokens.issuer(2), recorded,
                Clock.fixed(NOW, ZoneOffset.UTC));
        recorder.clear();
        handler.beforeCheckpoint(null);
        expect(handler.handleRequest(get("/v1/token-key", Map.of()), null), 200);
        for (int status : new int[] {200, 200, 429}) {
            Map<String, String> headers = new HashMap<>();
            headers.put("content-type", "application/private-token-request");
            APIGatewayV2HTTPEvent e = event("POST", "/v1/tokens", headers, Map.of(),
                    java.util.Base64.getEncoder().encodeToString(TestTokens.request()));
            e.setIsBase64Encoded(true);
            expect(handler.handleRequest(e, null), status);
        }
        observe("TokenFunction");
    }

    private static void aggregate() {
        // Past the day's close (its end, the release delay and the settle time), so the run releases the day and
        // clears the markers. Three installations are far below the template's thresholds, so this run uses a
        // large epsilon and k = 1, to write released rows too.
        BackendConfig config = config("AggregateFunction");
        Clock later = Clock.fixed(NOW.plus(Duration.ofDays(2)), ZoneOffset.UTC);
        AggregateHandler handler = new AggregateHandler(config.withK(1)
                .withRelease(config.release().withEpsilon("1000")), recorded, later);
        recorder.clear();
        handler.beforeCheckpoint(null);
        Map<String, Object> first = handler.handleRequest(scheduled(), null);
        assertThat(((Number) first.get("cells")).intValue()).as("dirty cells recomputed: %s", first).isPositive();
        assertThat(((Number) first.get("rows")).intValue()).as("aggregate rows written: %s", first).isPositive();
        assertThat(((Number) first.get("cleared")).intValue()).as("dirty markers cleared: %s", first).isPositive();
        Map<String, Object> second = handler.handleRequest(scheduled(), null);
        assertThat(((Number) second.get("cells")).intValue()).as("nothing left dirty: %s", second).isZero();
        observe("AggregateFunction");
    }

    /** Every GET route the template gives the API function, each answered 200 by its handler, plus CSV. */
    private static void api() throws IOException {
        ApiHandler handler = new ApiHandler(config("ApiFunction"), recorded, Clock.fixed(NOW, ZoneOffset.UTC));
        recorder.clear();
        handler.beforeCheckpoint(null);
        Map<String, String> statsQuery = new LinkedHashMap<>();
        statsQuery.put("country", "UA");
        statsQuery.put("from", "2026-11-20");
        statsQuery.put("to", "2026-11-26");
        statsQuery.put("by", "day,region,list");
        String asset = dashboardAsset();
        List<String> routes = new ArrayList<>();
        T.events("ApiFunction").values().forEach(e -> routes.add(e.path("Properties").path("Path").asText()));
        assertThat(routes).isNotEmpty();
        for (String route : routes) {
            String path = route.replace("{name}", asset == null ? "missing.js" : asset);
            APIGatewayV2HTTPResponse r = handler.handleRequest(get(path, route.equals("/v1/stats") ? statsQuery
                    : route.equals("/v1/candidates") ? Map.of("country", "UA") : Map.of()), null);
            // Without dashboard files in the jar, the page routes can only answer 404; everything else must be 200.
            boolean missing = route.equals("/") ? !inJar("dashboard/index.html") : route.contains("{") && asset == null;
            assertThat(r.getStatusCode()).as("GET %s routed by the template to ApiHandler; body %s", path, r.getBody())
                    .isEqualTo(missing ? 404 : 200);
        }
        statsQuery.put("format", "csv");
        expect(handler.handleRequest(get("/v1/stats", statsQuery), null), 200);
        observe("ApiFunction");
    }

    /** A script or style sheet bundled for the dashboard, or null when the jar has none. */
    private static String dashboardAsset() throws IOException {
        try (JarFile jar = new JarFile(LambdaArtifact.jar().toFile())) {
            return jar.stream().map(ZipEntry::getName)
                    .filter(n -> n.matches("dashboard/[A-Za-z0-9][A-Za-z0-9._-]*\\.(js|css)"))
                    .map(n -> n.substring("dashboard/".length()))
                    .findFirst().orElse(null);
        }
    }

    private static boolean inJar(String entry) {
        try (JarFile jar = new JarFile(LambdaArtifact.jar().toFile())) {
            return jar.getEntry(entry) != null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------------------------------------ checks

    @Test
    void everyTableTheCodeCreatesIsInTheTemplateWithTheSameKeysAndEveryTemplateTableIsCreated() {
        Set<String> created = new TreeSet<>();
        for (CreateTableRequest c : CREATES) {
            String id = TABLE_IDS.get(c.tableName());
            assertThat(id).as("the code creates table %s, which the template does not define", c.tableName())
                    .isNotNull();
            created.add(id);
            assertThat(keySchema(c)).as("key schema of %s: code vs template", id).isEqualTo(templateKeySchema(id));
        }
        assertThat(created).as("tables the code defines").isEqualTo(TABLE_NAMES.keySet());
    }

    @Test
    void everyTemplateTableIsUsedBySomeFunction() {
        Set<String> used = new TreeSet<>();
        OBSERVED.values().forEach(m -> used.addAll(m.keySet()));
        assertThat(used).as("tables the handlers touched").isEqualTo(TABLE_NAMES.keySet());
    }

    @Test
    void eachFunctionIsGrantedExactlyTheDynamoDbActionsItsCodeCalls() {
        Map<String, Map<String, Set<String>>> granted = new TreeMap<>();
        T.functions().forEach(fn -> granted.put(fn, granted(fn)));
        assertThat(granted).as("function -> table -> IAM actions in the template, vs the DynamoDB calls its code made")
                .isEqualTo(OBSERVED);
    }

    @Test
    void everyDynamoDbCallTheHandlersCanReachWasExercisedHere() throws IOException {
        List<String> handlers = new ArrayList<>();
        T.functions().forEach(fn -> handlers.add(T.functionProperties(fn).path("Handler").asText().split("::")[0]));
        Set<String> reachable = SdkCallGraph.dynamoOperations(LambdaArtifact.jar(), handlers, "org/camsink/");
        Set<String> exercised = new TreeSet<>();
        OBSERVED.values().forEach(m -> m.values().forEach(exercised::addAll));
        assertThat(reachable).as("DynamoDbClient methods called by classes the handlers reach, in the jar's bytecode")
                .isNotEmpty()
                .isEqualTo(exercised);
    }

    @Test
    void functionsThatOnlyReadHoldNoWritePermissionAndWritersHoldTheirWrites() {
        Set<String> writes = Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems");
        for (String fn : T.functions()) {
            granted(fn).forEach((table, actions) -> {
                boolean grantsWrite = actions.stream().anyMatch(writes::contains);
                boolean writesThere = OBSERVED.get(fn).getOrDefault(table, Set.of()).stream().anyMatch(writes::contains);
                assertThat(grantsWrite).as("%s on %s: write permission iff its code writes there", fn, table)
                        .isEqualTo(writesThere);
            });
        }
        assertThat(OBSERVED.get("ApiFunction").values()).as("the read-only API")
                .allSatisfy(ops -> assertThat(ops).doesNotContainAnyElementsOf(writes));
    }

    @Test
    void itemsTheCodeWritesCarryTheTtlAttributeInEpochSeconds() {
        long now = NOW.getEpochSecond();
        for (Map.Entry<String, String> table : TABLE_NAMES.entrySet()) {
            String attribute = T.resource(table.getKey()).path("Properties").path("TimeToLiveSpecification")
                    .path("AttributeName").asText();
            List<Map<String, AttributeValue>> items = inspector.scan(b -> b.tableName(table.getValue())).items();
            List<Map<String, AttributeValue>> expiring = items.stream().filter(i -> i.containsKey(attribute)).toList();
            assertThat(expiring).as("items of %s carrying its TTL attribute %s", table.getKey(), attribute).isNotEmpty();
            for (Map<String, AttributeValue> item : expiring) {
                String n = item.get(attribute).n();
                assertThat(n).as("%s.%s must be a Number for TTL", table.getKey(), attribute).isNotNull();
                assertThat(Long.parseLong(n)).as("%s.%s in epoch seconds, in the future", table.getKey(), attribute)
                        .isBetween(now, now + Duration.ofDays(3650).toSeconds());
            }
        }
    }

    @Test
    void noItemStoresTheSourceIpOrUserAgent() {
        for (String table : TABLE_NAMES.values()) {
            for (Map<String, AttributeValue> item : inspector.scan(b -> b.tableName(table)).items()) {
                assertThat(item.toString()).as("item in %s", table).doesNotContain(SOURCE_IP, USER_AGENT);
            }
        }
    }

    @Test
    void everyValueTheTemplateAllowsIsOneTheCodeAccepts() {
        for (String fn : T.functions()) {
            T.functionProperties(fn).path("Environment").path("Variables").properties().forEach(v -> {
                String ref = v.getValue().path("Ref").asText(null);
                JsonNode parameter = ref == null ? null : T.root.path("Parameters").get(ref);
                if (parameter == null || !parameter.path("Type").asText().equals("Number")) {
                    return;
                }
                assertThat(parameter.has("MinValue") && parameter.has("MaxValue"))
                        .as("parameter %s (%s) is bounded", ref, v.getKey()).isTrue();
                for (String bound : List.of("MinValue", "MaxValue")) {
                    Map<String, String> overrides = Map.of(v.getKey(), parameter.path(bound).asText());
                    assertThat(config(fn, overrides)).as("%s=%s (%s %s)", v.getKey(), overrides.get(v.getKey()), ref,
                            bound).isNotNull();
                }
            });
        }
    }

    @Test
    void dirtyMarkersSettleLongerThanAnyIngestCanRun() {
        // The aggregation clears a dirty marker only after the settle time, and an ingest instance skips re-marking
        // a cell it marked within a quarter of it (lambda/README.md); an ingest still in flight is never lost only
        // while 3/4 of the settle time exceeds the longest ingest timeout the template allows.
        String timeoutParameter = T.functionProperties("IngestFunction").path("Timeout").path("Ref").asText();
        int maxTimeout = T.root.path("Parameters").path(timeoutParameter).path("MaxValue").asInt(900);
        assertThat(config("AggregateFunction").settleSeconds() * 3 / 4).isGreaterThan(maxTimeout);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The template's IAM statements of a function as table logical id to actions (without "dynamodb:"). */
    private static Map<String, Set<String>> granted(String fn) {
        Map<String, Set<String>> granted = new TreeMap<>();
        for (JsonNode policy : T.resource(fn).path("Properties").path("Policies")) {
            assertThat(policy.has("Statement")).as("%s: only explicit statements, no managed or SAM policies: %s",
                    fn, policy).isTrue();
            for (JsonNode s : policy.path("Statement")) {
                assertThat(s.path("Effect").asText()).isEqualTo("Allow");
                if (isIssuerKeyRead(s)) {
                    continue;
                }
                List<String> actions = new ArrayList<>();
                (s.path("Action").isArray() ? s.path("Action") : JSON.createArrayNode().add(s.path("Action")))
                        .forEach(a -> actions.add(a.asText()));
                List<JsonNode> resources = new ArrayList<>();
                (s.path("Resource").isArray() ? s.path("Resource") : JSON.createArrayNode().add(s.path("Resource")))
                        .forEach(resources::add);
                for (String action : actions) {
                    assertThat(action).as("%s action", fn).matches("dynamodb:[A-Z][A-Za-z]+");
                }
                for (JsonNode r : resources) {
                    JsonNode getAtt = r.path("Fn::GetAtt");
                    assertThat(getAtt.isArray() && getAtt.size() == 2 && getAtt.get(1).asText().equals("Arn"))
                            .as("%s resource is Fn::GetAtt [Table, Arn]: %s", fn, r).isTrue();
                    String table = getAtt.get(0).asText();
                    assertThat(TABLE_NAMES).as("%s resource is a table of this stack", fn).containsKey(table);
                    actions.forEach(a -> granted.computeIfAbsent(table, k -> new TreeSet<>()).add(a.substring(9)));
                }
            }
        }
        return granted;
    }

    private static Set<String> keySchema(CreateTableRequest c) {
        Map<String, String> types = new HashMap<>();
        c.attributeDefinitions().forEach(a -> types.put(a.attributeName(), a.attributeTypeAsString()));
        Set<String> keys = new TreeSet<>();
        c.keySchema().forEach(k -> keys.add(k.attributeName() + ":" + types.get(k.attributeName()) + ":"
                + k.keyTypeAsString()));
        return keys;
    }

    private static Set<String> templateKeySchema(String tableId) {
        JsonNode p = T.resource(tableId).path("Properties");
        Map<String, String> types = new HashMap<>();
        p.path("AttributeDefinitions").forEach(a -> types.put(a.path("AttributeName").asText(),
                a.path("AttributeType").asText()));
        Set<String> keys = new TreeSet<>();
        p.path("KeySchema").forEach(k -> keys.add(k.path("AttributeName").asText() + ":"
                + types.get(k.path("AttributeName").asText()) + ":" + k.path("KeyType").asText()));
        return keys;
    }

    private static void observe(String fn) {
        Map<String, Set<String>> byId = new TreeMap<>();
        recorder.operationsByTable().forEach((name, ops) -> {
            String id = TABLE_IDS.get(name);
            assertThat(id).as("%s called %s on %s, which is not a table of the template", fn, ops, name).isNotNull();
            byId.put(id, ops);
        });
        OBSERVED.put(fn, byId);
    }

    /**
     * The configuration a function gets in Lambda: its Environment from the template, with table Refs resolved to
     * this run's table names and parameter Refs to their defaults, read by the code's own BackendConfig.fromEnv.
     * Only the region and the endpoint (which Lambda does not need) are added.
     */
    private static BackendConfig config(String fn) {
        return config(fn, Map.of());
    }

    private static BackendConfig config(String fn, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        T.functionProperties(fn).path("Environment").path("Variables").properties().forEach(v -> {
            JsonNode value = v.getValue();
            String ref = value.path("Ref").asText(null);
            if (ref == null) {
                assertThat(value.isValueNode()).as("%s %s is a literal or a Ref", fn, v.getKey()).isTrue();
                env.put(v.getKey(), value.asText());
            } else if (TABLE_NAMES.containsKey(ref)) {
                env.put(v.getKey(), TABLE_NAMES.get(ref));
            } else {
                JsonNode parameter = T.root.path("Parameters").path(ref);
                assertThat(parameter.has("Default")).as("%s %s refers to a parameter with a default", fn, v.getKey())
                        .isTrue();
                env.put(v.getKey(), parameter.path("Default").asText());
            }
        });
        env.putAll(overrides);
        env.put("AWS_REGION", REGION);
        env.put("DYNAMODB_ENDPOINT", dynalite.endpoint().toString());
        return BackendConfig.fromEnv(env);
    }

    /** The one non-DynamoDB grant: reading the issuer key secret (through the secrets extension), nothing else. */
    private static boolean isIssuerKeyRead(JsonNode statement) {
        JsonNode action = statement.path("Action");
        String only = action.isArray() && action.size() == 1 ? action.get(0).asText() : action.asText();
        if (!only.equals("secretsmanager:GetSecretValue")) {
            return false;
        }
        assertThat(statement.path("Resource").toString()).as("the secret read is limited to the issuer key secret")
                .contains("secret:${IssuerKeySecretName}-*");
        return true;
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = DynamoContractTest.class.getResourceAsStream("/golden/valid/" + name)) {
            assertThat(in).as("golden report %s from the report module's test jar", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String withNewReportId(String report) throws IOException {
        ObjectNode node = (ObjectNode) JSON.readTree(report);
        node.put("reportId", UUID.randomUUID().toString());
        return JSON.writeValueAsString(node);
    }

    private static APIGatewayV2HTTPEvent post(String body) {
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", "application/json");
        headers.put("authorization", TestTokens.authorization());
        return event("POST", "/v1/reports", headers, Map.of(), body);
    }

    private static APIGatewayV2HTTPEvent get(String path, Map<String, String> query) {
        Map<String, String> headers = new HashMap<>();
        headers.put("accept", "*/*");
        return event("GET", path, headers, query, null);
    }

    private static APIGatewayV2HTTPEvent event(String method, String path, Map<String, String> headers,
                                               Map<String, String> query, String body) {
        headers.put("user-agent", USER_AGENT);
        StringBuilder raw = new StringBuilder();
        query.forEach((k, v) -> raw.append(raw.isEmpty() ? "" : "&").append(k).append('=').append(v));
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(method + " " + path)
                .withRawPath(path)
                .withRawQueryString(raw.toString())
                .withHeaders(headers)
                .withQueryStringParameters(query.isEmpty() ? null : new HashMap<>(query))
                .withBody(body)
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRouteKey(method + " " + path)
                        .withStage("$default")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method).withPath(path).withProtocol("HTTP/1.1")
                                .withSourceIp(SOURCE_IP).withUserAgent(USER_AGENT).build())
                        .build())
                .build();
    }

    private static ScheduledEvent scheduled() {
        ScheduledEvent e = new ScheduledEvent();
        e.setSource("aws.events");
        e.setDetailType("Scheduled Event");
        e.setRegion(REGION);
        return e;
    }

    private static void expect(APIGatewayV2HTTPResponse response, int status) {
        assertThat(response.getStatusCode()).as("status, body %s", response.getBody()).isEqualTo(status);
    }
}

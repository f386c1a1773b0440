package org.camsink.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The operational settings of template.yaml that issue 5 asks for, read from the file as plain YAML: storage
 * protection, throttling, concurrency, SnapStart, log retention, alarms, outputs, and that every parameter is
 * used. What ties the template to the lambda code (handlers, tables, IAM actions) lives in other tests.
 */
class TemplateSettingsTest {
    private static final Pattern SHORT_FORM_TAG = Pattern.compile(
            "(?m)^[^#\\n]*(?:^|[\\s\\[:,-])!(Ref|GetAtt|Sub|If|Equals|Not|And|Or|Join|Select|Split|FindInMap"
                    + "|ImportValue|Base64|Cidr|GetAZs|Condition|Transform|ToJsonString|Length)\\b");

    private final Template t = Template.load();

    @Test
    void isPlainYamlWithLongFormIntrinsicsAndTheSamTransform() throws IOException {
        String text = Files.readString(t.file);
        assertThat(SHORT_FORM_TAG.matcher(text).find())
                .as("short-form intrinsic tags such as !Ref make the file unreadable to plain YAML parsers")
                .isFalse();
        assertThat(t.root.path("Transform").asText()).isEqualTo("AWS::Serverless-2016-10-31");
        assertThat(t.root.path("Resources").size()).isPositive();
    }

    @Test
    void everyParameterIsReferencedAndHasADefault() {
        Set<String> referenced = t.referencedNames();
        List<String> unused = new ArrayList<>();
        t.root.path("Parameters").properties().forEach(p -> {
            if (!referenced.contains(p.getKey())) {
                unused.add(p.getKey());
            }
            assertThat(p.getValue().has("Default")).as("parameter %s needs a Default", p.getKey()).isTrue();
            assertThat(p.getValue().path("Description").asText()).as("parameter %s description", p.getKey())
                    .isNotBlank();
        });
        assertThat(unused).as("parameters that nothing in the template uses").isEmpty();
        assertThat(t.root.path("Parameters").size()).isPositive();
    }

    @Test
    void everyReferenceNamesSomethingThatExists() {
        Set<String> known = new TreeSet<>();
        t.root.path("Parameters").fieldNames().forEachRemaining(known::add);
        t.root.path("Resources").fieldNames().forEachRemaining(known::add);
        t.root.path("Conditions").fieldNames().forEachRemaining(known::add);
        Set<String> dangling = new TreeSet<>(t.referencedNames());
        dangling.removeIf(n -> known.contains(n) || n.startsWith("AWS::"));
        assertThat(dangling).as("references to nothing").isEmpty();
    }

    @Test
    void tablesAreOnDemandWithRecoveryEncryptionAndTtlOnExpiresAt() {
        List<String> tables = t.resourcesOfType("AWS::DynamoDB::Table");
        assertThat(tables).isNotEmpty();
        for (String id : tables) {
            JsonNode p = t.resource(id).path("Properties");
            assertThat(p.path("BillingMode").asText()).as(id).isEqualTo("PAY_PER_REQUEST");
            assertThat(p.path("PointInTimeRecoverySpecification").path("PointInTimeRecoveryEnabled").asBoolean())
                    .as("%s point-in-time recovery", id).isTrue();
            assertThat(p.path("SSESpecification").path("SSEEnabled").asBoolean()).as("%s encryption", id).isTrue();
            JsonNode ttl = p.path("TimeToLiveSpecification");
            assertThat(ttl.path("Enabled").asBoolean()).as("%s TTL", id).isTrue();
            assertThat(ttl.path("AttributeName").asText()).as("%s TTL attribute", id).isEqualTo("expiresAt");
            assertThat(p.has("ProvisionedThroughput")).as("%s: on demand has no provisioned throughput", id)
                    .isFalse();
            JsonNode ceiling = p.path("OnDemandThroughput");
            assertParameterRef(ceiling.path("MaxReadRequestUnits"), id + " read ceiling");
            assertParameterRef(ceiling.path("MaxWriteRequestUnits"), id + " write ceiling");

            Set<String> keyAttributes = new LinkedHashSet<>();
            p.path("KeySchema").forEach(k -> keyAttributes.add(k.path("AttributeName").asText()));
            Set<String> defined = new LinkedHashSet<>();
            p.path("AttributeDefinitions").forEach(a -> defined.add(a.path("AttributeName").asText()));
            assertThat(defined).as("%s: AttributeDefinitions must list exactly the key attributes", id)
                    .isEqualTo(keyAttributes);
            assertThat(t.resource(id).path("DeletionPolicy").asText()).as("%s keeps its data on stack delete", id)
                    .isEqualTo("Retain");
        }
    }

    @Test
    void httpApiHasTheRoutesThrottlingCorsForGetAndAccessLogsWithoutClientIdentity() {
        List<String> apis = t.resourcesOfType("AWS::Serverless::HttpApi");
        assertThat(apis).hasSize(1);
        String apiId = apis.get(0);
        JsonNode p = t.resource(apiId).path("Properties");

        JsonNode throttling = p.path("DefaultRouteSettings");
        assertParameterRef(throttling.path("ThrottlingRateLimit"), "throttling rate");
        assertParameterRef(throttling.path("ThrottlingBurstLimit"), "throttling burst");

        JsonNode cors = p.path("CorsConfiguration");
        assertThat(texts(cors.path("AllowMethods"))).as("CORS is for GET only").containsExactly("GET");
        assertThat(cors.path("AllowOrigins").size()).isPositive();

        JsonNode logs = p.path("AccessLogSettings");
        String format = logs.path("Format").asText();
        assertThat(format).contains("$context.requestId", "$context.status", "$context.routeKey");
        assertThat(format.toLowerCase()).as("access log must not carry the client's address or software")
                .doesNotContain("sourceip", "useragent", "$context.identity", "x-forwarded-for");
        String logGroup = Template.referencedId(logs.path("DestinationArn"));
        assertThat(t.resource(logGroup).path("Type").asText()).isEqualTo("AWS::Logs::LogGroup");

        Set<String> routes = new TreeSet<>();
        for (String fn : t.functions()) {
            t.events(fn).values().stream().filter(e -> e.path("Type").asText().equals("HttpApi")).forEach(e -> {
                JsonNode ep = e.path("Properties");
                assertThat(Template.referencedId(ep.path("ApiId"))).as("%s route on the one HTTP API", fn)
                        .isEqualTo(apiId);
                routes.add(ep.path("Method").asText().toUpperCase() + " " + ep.path("Path").asText());
            });
        }
        assertThat(routes).containsExactlyInAnyOrder("POST /v1/reports", "GET /v1/stats", "GET /v1/candidates",
                "GET /v1/lists", "GET /", "GET /assets/{name}", "GET /v1/token-key", "POST /v1/tokens");
    }

    @Test
    void functionsRunJava21OnArm64WithSnapStartOnPublishedVersions() {
        assertThat(t.functions()).isNotEmpty();
        for (String fn : t.functions()) {
            JsonNode p = t.functionProperties(fn);
            String runtime = p.path("Runtime").asText();
            assertThat(runtime).as(fn).matches("java\\d+");
            assertThat(Integer.parseInt(runtime.substring(4))).as("%s runtime", fn).isGreaterThanOrEqualTo(21);
            assertThat(texts(p.path("Architectures"))).as(fn).containsExactly("arm64");
            assertThat(p.path("SnapStart").path("ApplyOn").asText()).as(fn).isEqualTo("PublishedVersions");
            assertThat(p.path("AutoPublishAlias").asText()).as("%s: SnapStart needs a published version", fn)
                    .isNotBlank();
            assertParameterRef(p.path("MemorySize"), fn + " memory");
            assertParameterRef(p.path("Timeout"), fn + " timeout");
            JsonNode env = p.path("Environment").path("Variables");
            assertParameterRef(env.path("K_ANONYMITY"), fn + " K_ANONYMITY");
        }
    }

    @Test
    void everyFunctionHasItsOwnReservedConcurrency() {
        Set<String> parameters = new TreeSet<>();
        for (String fn : t.functions()) {
            JsonNode reserved = t.functionProperties(fn).path("ReservedConcurrentExecutions");
            assertParameterRef(reserved, fn + " reserved concurrency");
            parameters.add(reserved.path("Ref").asText());
        }
        assertThat(parameters).as("one parameter per function").hasSize(t.functions().size());
    }

    @Test
    void anOptionalWafRuleLimitsEachSourceAddressInFrontOfTheApi() {
        JsonNode condition = t.root.path("Conditions").path("HasWaf");
        assertThat(condition.toString()).contains("WafRateLimitPerSource");
        List<String> acls = t.resourcesOfType("AWS::WAFv2::WebACL");
        assertThat(acls).hasSize(1);
        JsonNode acl = t.resource(acls.get(0));
        assertThat(acl.path("Condition").asText()).isEqualTo("HasWaf");
        JsonNode rule = acl.path("Properties").path("Rules").get(0);
        JsonNode rate = rule.path("Statement").path("RateBasedStatement");
        assertThat(rate.path("AggregateKeyType").asText()).as("counted per source address").isEqualTo("IP");
        assertParameterRef(rate.path("Limit"), "WAF rate limit");
        assertThat(rule.path("Action").has("Block")).isTrue();
        List<String> edges = t.resourcesOfType("AWS::CloudFront::Distribution");
        assertThat(edges).hasSize(1);
        JsonNode edge = t.resource(edges.get(0));
        assertThat(edge.path("Condition").asText()).isEqualTo("HasWaf");
        assertThat(Template.referencedId(edge.path("Properties").path("DistributionConfig").path("WebACLId")))
                .isEqualTo(acls.get(0));
        assertThat(t.root.path("Parameters").path("WafRateLimitPerSource").path("Default").asInt())
                .as("off unless asked for").isZero();
    }

    @Test
    void ingestHasReservedConcurrencyAndAggregationRunsOnAParameterisedSchedule() {
        int ingest = 0;
        int scheduled = 0;
        for (String fn : t.functions()) {
            for (JsonNode e : t.events(fn).values()) {
                String type = e.path("Type").asText();
                if (type.equals("HttpApi") && e.path("Properties").path("Method").asText().equalsIgnoreCase("POST")) {
                    ingest++;
                    assertParameterRef(t.functionProperties(fn).path("ReservedConcurrentExecutions"),
                            fn + " reserved concurrency");
                }
                if (type.equals("Schedule")) {
                    scheduled++;
                    assertParameterRef(e.path("Properties").path("Schedule"), fn + " schedule");
                    assertThat(e.path("Properties").path("Enabled").asBoolean(true)).isTrue();
                }
            }
        }
        assertThat(ingest).as("functions behind POST routes: ingest and the token issuer").isEqualTo(2);
        assertThat(scheduled).as("scheduled functions").isEqualTo(1);
    }

    @Test
    void everyLogGroupHasRetentionAndEveryFunctionLogsToOne() {
        List<String> groups = t.resourcesOfType("AWS::Logs::LogGroup");
        for (String g : groups) {
            assertParameterRef(t.resource(g).path("Properties").path("RetentionInDays"), g + " retention");
        }
        Set<String> used = new TreeSet<>();
        for (String fn : t.functions()) {
            String group = Template.referencedId(t.functionProperties(fn).path("LoggingConfig").path("LogGroup"));
            assertThat(group).as("%s names its log group in LoggingConfig", fn).isIn(groups);
            assertThat(used.add(group)).as("%s has a log group of its own", fn).isTrue();
        }
        used.add(Template.referencedId(t.resource(t.resourcesOfType("AWS::Serverless::HttpApi").get(0))
                .path("Properties").path("AccessLogSettings").path("DestinationArn")));
        assertThat(used).as("log groups in use").containsExactlyInAnyOrderElementsOf(groups);
    }

    @Test
    void alarmsCoverServerErrorsThrottlesAndAggregationErrorsWithAnOptionalTopic() {
        JsonNode condition = t.root.path("Conditions");
        assertThat(condition.size()).isPositive();
        Set<String> covered = new TreeSet<>();
        for (String id : t.resourcesOfType("AWS::CloudWatch::Alarm")) {
            JsonNode p = t.resource(id).path("Properties");
            String metric = p.path("Namespace").asText() + "/" + p.path("MetricName").asText();
            String target = null;
            for (JsonNode d : p.path("Dimensions")) {
                if (Set.of("ApiId", "FunctionName").contains(d.path("Name").asText())) {
                    target = Template.referencedId(d.path("Value"));
                }
            }
            assertThat(target).as("%s watches a resource of this stack", id).isNotNull();
            covered.add(metric + " " + t.resource(target).path("Type").asText() + " " + eventKinds(target));
            for (String actions : List.of("AlarmActions", "OKActions")) {
                JsonNode ifNode = p.path(actions).path("Fn::If");
                assertThat(ifNode.size()).as("%s %s is conditional on the topic parameter", id, actions).isEqualTo(3);
                String cond = ifNode.get(0).asText();
                assertThat(t.referencedNames()).contains(cond);
                assertThat(condition.has(cond)).isTrue();
                assertParameterRef(ifNode.get(1).get(0), id + " topic");
                assertThat(ifNode.get(2).path("Ref").asText()).isEqualTo("AWS::NoValue");
            }
        }
        assertThat(covered).contains(
                "AWS/ApiGateway/5xx AWS::Serverless::HttpApi -",
                "AWS/Lambda/Throttles AWS::Serverless::Function HttpApi",
                "AWS/Lambda/Errors AWS::Serverless::Function Schedule");
    }

    @Test
    void outputsTheTelemetryEndpointAsTheBaseUrlTheResolverAppendsTheReportsPathTo() {
        // The resolver posts to <telemetry.endpoint>/v1/reports (resolver/.../telemetry/Delivery), so the output is
        // the API's base URL, with no path, and the template's POST routes are /v1/reports and the token issuer's
        // /v1/tokens (resolver/.../telemetry/TokenWallet, same base URL unless telemetry.issuer is set).
        String apiId = t.resourcesOfType("AWS::Serverless::HttpApi").get(0);
        String endpoint = t.root.path("Outputs").path("TelemetryEndpoint").path("Value").path("Fn::Sub").asText();
        assertThat(endpoint).isEqualTo("https://${" + apiId + "}.execute-api.${AWS::Region}.${AWS::URLSuffix}");
        List<String> posts = new ArrayList<>();
        for (String fn : t.functions()) {
            t.events(fn).values().stream()
                    .filter(e -> e.path("Properties").path("Method").asText().equalsIgnoreCase("POST"))
                    .forEach(e -> posts.add(e.path("Properties").path("Path").asText()));
        }
        assertThat(posts).containsExactlyInAnyOrder("/v1/reports", "/v1/tokens");
        assertThat(t.root.path("Outputs").path("ReportsUrl").path("Value").path("Fn::Sub").asText())
                .isEqualTo(endpoint + "/v1/reports");
    }

    private String eventKinds(String resourceId) {
        Map<String, JsonNode> events = t.resource(resourceId).path("Type").asText().equals("AWS::Serverless::Function")
                ? t.events(resourceId) : Map.of();
        return events.isEmpty() ? "-" : String.join(",", new TreeSet<>(events.values().stream()
                .map(e -> e.path("Type").asText()).toList()));
    }

    private void assertParameterRef(JsonNode node, String what) {
        String name = node.path("Ref").asText(null);
        assertThat(name).as("%s is set from a parameter (Ref)", what).isNotNull();
        assertThat(t.root.path("Parameters").has(name)).as("%s: %s is a parameter", what, name).isTrue();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}

package org.camsink.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.camsink.lambda.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

/**
 * The stack as Lambda would run it: tables created from the template's own definitions (as CloudFormation
 * would), and each function started in a child JVM with only the deployed jar on its class path, through its
 * no-arg constructor, with exactly the environment the template gives it (plus what Lambda itself sets, and a
 * local endpoint). It must answer a report, an aggregation run and a stats query.
 */
class LambdaEnvironmentTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Template T = Template.load();
    private static final Map<String, String> TABLE_NAMES = new TreeMap<>();
    private static Dynalite dynalite;

    @BeforeAll
    static void createTablesFromTheTemplate() throws Exception {
        dynalite = Dynalite.start();
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (DynamoDbClient dynamo = dynalite.client()) {
            for (String id : T.resourcesOfType("AWS::DynamoDB::Table")) {
                String name = "camsink-" + run + "-" + id;
                TABLE_NAMES.put(id, name);
                JsonNode p = T.resource(id).path("Properties");
                List<AttributeDefinition> attributes = new ArrayList<>();
                p.path("AttributeDefinitions").forEach(a -> attributes.add(AttributeDefinition.builder()
                        .attributeName(a.path("AttributeName").asText())
                        .attributeType(a.path("AttributeType").asText()).build()));
                List<KeySchemaElement> keys = new ArrayList<>();
                p.path("KeySchema").forEach(k -> keys.add(KeySchemaElement.builder()
                        .attributeName(k.path("AttributeName").asText()).keyType(k.path("KeyType").asText()).build()));
                dynamo.createTable(b -> b.tableName(name).billingMode(BillingMode.fromValue(p.path("BillingMode")
                        .asText())).attributeDefinitions(attributes).keySchema(keys));
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (dynalite != null) {
            dynalite.close();
        }
    }

    @Test
    void eachFunctionStartsFromTheJarWithTheTemplatesEnvironmentAndServes(@TempDir Path tmp) throws Exception {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        ObjectNode report;
        try (InputStream in = getClass().getResourceAsStream("/golden/valid/2026-11-26-ua30-home-a.json")) {
            assertThat(in).as("golden report from the report module's test jar").isNotNull();
            report = (ObjectNode) JSON.readTree(in);
        }
        report.put("day", today).put("reportId", UUID.randomUUID().toString());
        Path body = tmp.resolve("report.json");
        Files.writeString(body, JSON.writeValueAsString(report));
        Files.writeString(tmp.resolve("report.json.auth"), TestTokens.authorization());

        assertThat(invoke("IngestFunction", "POST /v1/reports @" + body, "POST /v1/reports @" + body))
                .containsExactly("202", "200");
        // The issuer from the jar alone: its directory, then one blinded request signed (200).
        Path request = tmp.resolve("token-request.bin");
        Files.write(request, TestTokens.request());
        assertThat(invoke("TokenFunction", "GET /v1/token-key", "POST /v1/tokens @" + request))
                .containsExactly("200", "200");
        // One dirty cell; today is still open, so the run releases nothing yet. Besides its answer the function
        // prints its embedded-metric line (CloudWatch reads it from the log).
        List<String> aggregate = invoke("AggregateFunction", "SCHEDULE");
        assertThat(aggregate).hasSize(2);
        assertThat(aggregate).filteredOn(l -> l.startsWith("{\"_aws\"")).singleElement().asString()
                .contains("\"Namespace\":\"camsink\"", "\"FailedCells\":0", "\"FunctionName\":\"AggregateFunction\"");
        assertThat(aggregate).filteredOn(l -> !l.startsWith("{\"_aws\"")).singleElement().asString()
                .contains("cells=1", "open=1");
        assertThat(invoke("ApiFunction", "GET /v1/stats?country=UA&from=" + today + "&to=" + today, "GET /v1/lists"))
                .containsExactly("200", "200");
    }

    /** Runs the function's handler in a child JVM; returns its output lines (one per request). */
    private static List<String> invoke(String fn, String... requests) throws Exception {
        JsonNode props = T.functionProperties(fn);
        String handlerClass = props.path("Handler").asText().split("::")[0];
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-cp", LambdaArtifact.jar() + java.io.File.pathSeparator + testClasses(),
                LambdaInvoker.class.getName(), handlerClass));
        command.addAll(List.of(requests));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(false);
        Map<String, String> env = pb.environment();
        String path = env.get("PATH");
        env.clear();
        env.put("PATH", path == null ? "/usr/bin:/bin" : path);
        props.path("Environment").path("Variables").properties().forEach(v -> {
            String ref = v.getValue().path("Ref").asText(null);
            env.put(v.getKey(), ref == null ? v.getValue().asText()
                    : TABLE_NAMES.getOrDefault(ref, T.root.path("Parameters").path(ref).path("Default").asText()));
        });
        // What the Lambda runtime sets, with local credentials, and the local endpoint.
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_SESSION_TOKEN", "local");
        env.put("AWS_LAMBDA_FUNCTION_NAME", fn);
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", props.path("MemorySize").path("Ref").isMissingNode() ? "1024"
                : T.root.path("Parameters").path(props.path("MemorySize").path("Ref").asText()).path("Default").asText());
        env.put("DYNAMODB_ENDPOINT", dynalite.endpoint().toString());
        // The key ring from a file instead of the secret the template names (no Secrets Manager here).
        env.put("ISSUER_KEY_FILE", TestTokens.file().toString());

        Path out = Files.createTempFile("invoke-" + fn, ".out");
        Path err = Files.createTempFile("invoke-" + fn, ".err");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError(fn + " did not finish within 60 s");
            }
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("%s exit status; stderr:%n%s", fn, stderr).isZero();
            return Files.readAllLines(out, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String testClasses() throws Exception {
        return Path.of(LambdaInvoker.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}

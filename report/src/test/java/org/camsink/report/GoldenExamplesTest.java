package org.camsink.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every golden example is checked by both the JSON Schema (networknt) and {@link ReportCodec}: valid ones
 * pass both, invalid ones fail both at the recorded path, except the few rules a schema cannot express.
 */
class GoldenExamplesTest {
    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static JsonSchema schema;
    private final ReportCodec codec = new ReportCodec();

    @BeforeAll
    static void loadSchema() throws IOException {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        try (InputStream in = ReportCodec.class.getResourceAsStream("/camsink/report-1.schema.json")) {
            assertThat(in).as("schema on the main classpath").isNotNull();
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        }
    }

    /** Null when the schema accepts the body, else its messages. */
    private static String schemaErrors(byte[] body) {
        JsonNode tree;
        try {
            tree = PLAIN.readTree(body);
        } catch (IOException e) {
            return "not JSON";
        }
        if (tree == null || tree.isMissingNode()) {
            return "empty";
        }
        Set<ValidationMessage> errors = schema.validate(tree);
        return errors.isEmpty() ? null : errors.toString();
    }

    @Test
    void validExamplesPassBothAndRoundTrip() throws Exception {
        List<Path> files = Golden.files("valid");
        assertThat(files).hasSizeGreaterThanOrEqualTo(10);
        assertThat(Golden.index("valid")).as("valid/index.txt lists every file")
                .isEqualTo(files.stream().map(f -> f.getFileName().toString()).toList());
        for (Path f : files) {
            byte[] body = Golden.bytes(f);
            assertThat(schemaErrors(body)).as("schema on %s", f.getFileName()).isNull();
            HitReport r = codec.decode(body);
            new ReportValidator().check(r);
            byte[] encoded = codec.encode(r);
            assertThat(PLAIN.readTree(encoded)).as("re-encoded %s", f.getFileName()).isEqualTo(PLAIN.readTree(body));
            assertThat(codec.decode(encoded)).isEqualTo(r);
        }
    }

    @Test
    void invalidExamplesFailBothAtTheRecordedPath() {
        Properties expected = Golden.expected();
        Set<String> validatorOnly = new HashSet<>(Arrays.asList(expected.getProperty("validatorOnly").split(",")));
        Set<String> seen = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (Path f : Golden.files("invalid")) {
            String name = f.getFileName().toString();
            seen.add(name);
            String path = expected.getProperty(name);
            assertThat(path).as("expected.properties records a path for %s", name).isNotNull();
            byte[] body = Golden.bytes(f);
            try {
                codec.decode(body);
                problems.add(name + ": ReportCodec accepted it");
            } catch (ReportException e) {
                if (!e.path().equals(path)) {
                    problems.add(name + ": ReportCodec says " + e.getMessage() + ", expected path " + path);
                }
            }
            String schemaSays = schemaErrors(body);
            if (validatorOnly.contains(name) && schemaSays != null) {
                problems.add(name + ": listed as validator-only but the schema rejects it: " + schemaSays);
            } else if (!validatorOnly.contains(name) && schemaSays == null) {
                problems.add(name + ": the schema accepts it");
            }
        }
        assertThat(problems).isEmpty();
        Set<String> recorded = new TreeSet<>(expected.stringPropertyNames());
        recorded.remove("validatorOnly");
        assertThat(seen).as("every recorded file exists and every file is recorded").isEqualTo(recorded);
        assertThat(seen).containsAll(validatorOnly);
        assertThat(new TreeSet<>(Golden.index("invalid"))).as("invalid/index.txt lists every file").isEqualTo(seen);
    }
}

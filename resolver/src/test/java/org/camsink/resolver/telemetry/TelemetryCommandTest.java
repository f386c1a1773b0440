package org.camsink.resolver.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camsink.resolver.telemetry.Telemetry.waitFor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.camsink.report.HitReport;
import org.camsink.report.ReportCodec;
import org.camsink.resolver.cli.Main;
import org.camsink.resolver.testing.DnsClient;
import org.camsink.resolver.testing.TestResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/** {@code camsink telemetry preview|status} against a running resolver and against a data folder alone. */
class TelemetryCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Receiver receiver;
    private PrintStream savedOut;
    private ByteArrayOutputStream captured;

    @BeforeEach
    void setUp() throws Exception {
        receiver = new Receiver();
        savedOut = System.out;
    }

    @AfterEach
    void tearDown() {
        System.setOut(savedOut);
        receiver.close();
    }

    private String run(String... args) {
        captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.execute(args)).as("exit code of %s", String.join(" ", args)).isZero();
        } finally {
            System.setOut(savedOut);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private String telemetryYaml(Path dataDir) {
        return "telemetry:\n  enabled: true\n  endpoint: \"" + receiver.endpoint() + "\"\n  region: UA-46\n  kind: business\n"
                + "  interval: 1h\n  dataDir: \"" + dataDir + "\"\n";
    }

    @Test
    void previewAndStatusAskTheRunningResolver() throws Exception {
        Path dataDir = dir.resolve("data");
        // a black-hole upstream: the resolver answers SERVFAIL, and the client still counts as active
        try (java.net.DatagramSocket blackHole = new java.net.DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             TestResolver r = TestResolver.start("upstreams: [\"127.0.0.1:" + blackHole.getLocalPort() + "\"]\n"
                     + "upstream: { timeout: 200ms, attempts: 1 }\n" + telemetryYaml(dataDir))) {
            try {
                DnsClient.udp(r.udpAddress(), DnsClient.query("plain.test.", Type.A), Duration.ofSeconds(2),
                        InetAddress.getByName("127.0.0.5"));
            } catch (java.net.SocketTimeoutException ignored) {
                // the answer does not matter here
            }
            waitFor("the client counted", Duration.ofSeconds(5), () -> {
                byte[] p = r.resolver().status().telemetryPreview();
                return p != null && new String(p, StandardCharsets.UTF_8).contains("\"activeClients\":1");
            });
            Path cli = dir.resolve("cli.yaml");
            Files.writeString(cli, "admin: { listen: \"127.0.0.1:" + r.resolver().admin().port() + "\" }\n" + telemetryYaml(dataDir));

            String preview = run("telemetry", "preview", "--config", cli.toString());
            byte[] expected = r.resolver().status().telemetryPreview();
            assertThat(preview).isEqualTo(new String(expected, StandardCharsets.UTF_8) + System.lineSeparator());
            HitReport report = new ReportCodec().decode(expected);
            assertThat(report.region()).isEqualTo("UA-46");
            assertThat(report.kind()).isEqualTo("business");
            assertThat(report.activeClients()).isEqualTo(1);

            JsonNode status = JSON.readTree(run("telemetry", "status", "--config", cli.toString()));
            assertThat(status.get("running").asBoolean()).isTrue();
            assertThat(status.get("enabled").asBoolean()).isTrue();
            assertThat(status.get("endpoint").asText()).isEqualTo(receiver.endpoint() + "/v1/reports");
            assertThat(status.get("pending").asLong()).isZero();
        }
    }

    @Test
    void withoutAResolverTheSpoolIsShown() throws Exception {
        Path dataDir = dir.resolve("data");
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Path cli = dir.resolve("cli.yaml");
        Files.writeString(cli, "admin: { listen: \"127.0.0.1:" + closedPort + "\" }\n" + telemetryYaml(dataDir));

        JsonNode empty = JSON.readTree(run("telemetry", "preview", "--config", cli.toString()));
        assertThat(empty.isArray()).isTrue();
        assertThat(empty).isEmpty();

        receiver.answer(() -> 503);
        TelemetryService s = TelemetryService.start(Telemetry.config(receiver.endpoint(), dataDir, Duration.ofHours(1), 1 << 20));
        try {
            Telemetry.ask(s, "192.168.7.2", "a.cloud.trassir.com.", "trassir", "cloud.trassir.com",
                    org.camsink.resolver.events.MatchKind.QNAME);
            s.sealNow();
            Telemetry.ask(s, "192.168.7.3", "b.cloud.trassir.com.", "trassir", "cloud.trassir.com",
                    org.camsink.resolver.events.MatchKind.QNAME);
            s.sealNow();
            waitFor("a failed attempt", Duration.ofSeconds(10), () -> s.status().lastError() != null);
        } finally {
            s.close();
        }
        JsonNode spooled = JSON.readTree(run("telemetry", "preview", "--config", cli.toString()));
        assertThat(spooled.isArray()).isTrue();
        assertThat(spooled).hasSize(2);
        ReportCodec codec = new ReportCodec();
        for (JsonNode n : spooled) {
            codec.decode(JSON.writeValueAsBytes(n));
        }
        JsonNode status = JSON.readTree(run("telemetry", "status", "--config", cli.toString()));
        assertThat(status.get("running").asBoolean()).isFalse();
        assertThat(status.get("pending").asLong()).isEqualTo(2);
        assertThat(status.get("rejected").asLong()).isZero();
        assertThat(status.get("lastError").asText()).contains("HTTP 503");
        assertThat(status.get("held").asText()).contains("server error (HTTP 503)");
        assertThat(status.get("nextAttempt").asText()).isNotBlank();
    }
}

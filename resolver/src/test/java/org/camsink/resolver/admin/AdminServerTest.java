package org.camsink.resolver.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.camsink.resolver.events.Hit;
import org.camsink.resolver.events.MatchKind;
import org.camsink.resolver.net.HostPort;
import org.camsink.resolver.pipeline.Query;
import org.camsink.resolver.pipeline.Resolution;
import org.camsink.resolver.pipeline.ResolutionKind;
import org.camsink.resolver.pipeline.Transport;
import org.camsink.resolver.status.ListStatus;
import org.camsink.resolver.status.TelemetryStatus;
import org.camsink.resolver.status.UpstreamStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** The admin server over real HTTP on 127.0.0.1, fed with real query events. */
class AdminServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Admin admin;

    @AfterEach
    void stop() {
        if (admin != null) {
            admin.close();
        }
    }

    private static final Instant LOADED = Instant.parse("2026-11-27T06:00:00Z");

    private Admin start(TelemetryStatus telemetry, byte[] preview) throws IOException {
        FixedStatus status = new FixedStatus(
                List.of(new UpstreamStatus("127.0.0.1:5301", true, 12, 1, 3.5, null),
                        new UpstreamStatus("[::1]:5302", false, 4, 4, Double.NaN, LOADED)),
                List.of(new ListStatus("trassir", "builtin:trassir", "block", 14, 3, 0, LOADED, null),
                        new ListStatus("audit \"x\"", "/etc/x.txt", "log", 2, 0, 1, LOADED, null)),
                telemetry, preview);
        admin = Admin.start(new HostPort(InetAddress.getByName("127.0.0.1"), 0), status, new DeviceTable(), new ReverseNames(List.of(), Duration.ofSeconds(1)));
        return admin;
    }

    private static void feed(Admin admin, String client, String list, String entry, boolean blocked, int times) throws Exception {
        InetAddress addr = InetAddress.getByName(client);
        Message req = Message.newQuery(Record.newRecord(Name.fromString("a.cloud." + entry + "."), Type.A, DClass.IN));
        Query q = new Query(req, addr, Transport.UDP, 512, false, System.nanoTime());
        Resolution r = new Resolution(new Message(), ResolutionKind.BLOCKED, "list " + list,
                new Hit(list, entry, MatchKind.QNAME, addr, blocked));
        for (int i = 0; i < times; i++) {
            admin.listeners().forEach(l -> l.onQuery(q, r, 2_000_000));
        }
    }

    private static void feedKind(Admin admin, ResolutionKind kind, int times) throws Exception {
        InetAddress addr = InetAddress.getByName("192.168.1.20");
        Message req = Message.newQuery(Record.newRecord(Name.fromString("example.org."), Type.A, DClass.IN));
        Query q = new Query(req, addr, Transport.UDP, 512, false, System.nanoTime());
        Resolution r = Resolution.of(new Message(), kind, "test");
        for (int i = 0; i < times; i++) {
            admin.listeners().forEach(l -> l.onQuery(q, r, 40_000));
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void jsonApiShowsDevicesCountersListsAndUpstreams() throws Exception {
        start(TelemetryStatus.off(), null);
        feed(admin, "192.168.1.10", "trassir", "trassir.com", true, 3);
        feed(admin, "192.168.1.11", "trassir", "dssl.ru", true, 1);
        feed(admin, "192.168.1.11", "audit \"x\"", "example.net", false, 2);
        feedKind(admin, ResolutionKind.CACHED, 3);
        feedKind(admin, ResolutionKind.RESOLVED, 1);

        HttpResponse<String> devices = get("/api/devices");
        assertThat(devices.statusCode()).isEqualTo(200);
        assertThat(devices.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(devices.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode rows = JSON.readTree(devices.body()).get("devices");
        assertThat(rows).hasSize(3);
        Map<String, Long> counts = new java.util.HashMap<>();
        rows.forEach(r -> counts.put(r.get("client").asText() + " " + r.get("entry").asText(), r.get("queries").asLong()));
        assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of(
                "192.168.1.10 trassir.com", 3L, "192.168.1.11 dssl.ru", 1L, "192.168.1.11 example.net", 2L));

        JsonNode status = JSON.readTree(get("/api/status").body());
        assertThat(status.at("/queries/total").asLong()).isEqualTo(10);
        assertThat(status.at("/queries/byKind/blocked").asLong()).isEqualTo(6);
        assertThat(status.at("/cache/hits").asLong()).isEqualTo(3);
        assertThat(status.at("/cache/misses").asLong()).isEqualTo(1);
        assertThat(status.at("/cache/hitRate").asDouble()).isEqualTo(0.75);
        assertThat(status.at("/blocks/total").asLong()).isEqualTo(4);
        assertThat(status.at("/blocks/byList/trassir/blocked").asLong()).isEqualTo(4);
        assertThat(status.at("/telemetry/enabled").asBoolean()).isFalse();

        JsonNode lists = JSON.readTree(get("/api/lists").body());
        assertThat(lists.get(0).get("entries").asLong()).isEqualTo(17);
        assertThat(lists.get(0).get("loadedAt").asText()).isEqualTo("2026-11-27T06:00:00Z");
        JsonNode upstreams = JSON.readTree(get("/api/upstreams").body());
        assertThat(upstreams.get(1).get("healthy").asBoolean()).isFalse();
        assertThat(upstreams.get(1).get("averageRttMillis").isNull()).isTrue();
    }

    @Test
    void metricsFollowTheExpositionGrammarAndMatchTheCounters() throws Exception {
        start(TelemetryStatus.off(), null);
        feed(admin, "10.0.0.5", "trassir", "trassir.com", true, 5);
        feed(admin, "10.0.0.6", "audit \"x\"", "example.net", false, 2);
        feedKind(admin, ResolutionKind.CACHED, 4);

        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        Map<String, Double> m = PrometheusGrammar.parse(r.body());
        assertThat(m).containsEntry("camsink_queries_total{kind=\"blocked\"}", 7.0)
                .containsEntry("camsink_queries_total{kind=\"cached\"}", 4.0)
                .containsEntry("camsink_cache_hits_total", 4.0)
                .containsEntry("camsink_list_hits_total{list=\"trassir\",outcome=\"blocked\"}", 5.0)
                .containsEntry("camsink_list_hits_total{list=\"audit \\\"x\\\"\",outcome=\"logged\"}", 2.0)
                .containsEntry("camsink_query_duration_seconds_count", 11.0)
                .containsEntry("camsink_query_duration_seconds_bucket{le=\"+Inf\"}", 11.0)
                .containsEntry("camsink_query_duration_seconds_bucket{le=\"0.0025\"}", 11.0)
                .containsEntry("camsink_query_duration_seconds_bucket{le=\"0.001\"}", 4.0)
                .containsEntry("camsink_upstream_up{upstream=\"127.0.0.1:5301\"}", 1.0)
                .containsEntry("camsink_upstream_up{upstream=\"[::1]:5302\"}", 0.0)
                .containsEntry("camsink_list_domains{list=\"trassir\"}", 14.0)
                .containsEntry("camsink_list_loaded_timestamp_seconds{list=\"trassir\"}", (double) LOADED.getEpochSecond())
                .containsEntry("camsink_device_table_rows", 2.0)
                .containsEntry("camsink_telemetry_enabled", 0.0)
                .containsKey("jvm_memory_used_bytes{area=\"heap\"}");
    }

    @Test
    void telemetryPreviewIsTheExactBytesOr404WhenOff() throws Exception {
        start(TelemetryStatus.off(), null);
        assertThat(get("/api/telemetry/preview").statusCode()).isEqualTo(404);
        admin.close();

        byte[] preview = "{\"schema\":1,\"hits\":[{\"entry\":\"trassir.com\",\"count\":3}]}\n".getBytes(StandardCharsets.UTF_8);
        start(new TelemetryStatus(true, "https://t.example/v1/reports", 1, 2, 0, null, null, null), preview);
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + "/api/telemetry/preview")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(preview);
        assertThat(get("/").body()).contains("href=\"/api/telemetry/preview\"").doesNotContain("telemetry-held");
        admin.close();

        start(new TelemetryStatus(true, "https://t.example/v1/reports", 1, 0, 0, null, null, "HTTP 404",
                "the endpoint has no reports API at this URL (HTTP 404)", java.time.Instant.parse("2026-11-25T10:00:00Z")), preview);
        assertThat(get("/").body()).contains("id=\"telemetry-held\"", "Reports are kept and sent again",
                "no reports API at this URL (HTTP 404)", "datetime=\"2026-11-25T10:00:00Z\"");
        assertThat(get("/api/telemetry").body().replace(" ", "")).contains("\"held\":\"theendpointhasnoreportsAPI",
                "\"nextAttempt\":\"2026-11-25T10:00:00Z\"");
    }

    @Test
    void pageIsCompleteWithoutScriptAndEscapesWhatItShows() throws Exception {
        start(TelemetryStatus.off(), null);
        feed(admin, "192.168.1.10", "trassir", "<b>trassir.com</b>", true, 2);
        HttpResponse<String> r = get("/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow()).startsWith("default-src 'self'");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(r.body()).contains("<th scope=\"col\">Device</th>", "192.168.1.10", "&lt;b&gt;trassir.com&lt;/b&gt;")
                .doesNotContain("<b>trassir.com</b>", "<!--live-->", "http://", "https://");
        assertThat(get("/admin.js").statusCode()).isEqualTo(200);
        assertThat(get("/admin.css").headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        assertThat(get("/health").body()).isEqualTo("ok\n");
        assertThat(get("/nope").statusCode()).isEqualTo(404);
        assertThat(get("/camsink/admin/index.html").statusCode()).isEqualTo(404);
    }

    @Test
    void onlyGetIsAllowedAndForeignHostNamesAreRefused() throws Exception {
        start(TelemetryStatus.off(), null);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + "/api/status"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(rawStatus("evil.example.com")).isEqualTo(421);
        assertThat(rawStatus("localhost:" + admin.port())).isEqualTo(200);
        assertThat(rawStatus("pi.lan:8053")).isEqualTo(200);
    }

    @Test
    void halfSentRequestsDoNotHoldThePageAndBigBodiesAreRefused() throws Exception {
        start(TelemetryStatus.off(), null);
        List<Socket> halfSent = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                Socket s = new Socket("127.0.0.1", admin.port());
                s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                halfSent.add(s);
            }
            assertThat(rawStatus("127.0.0.1")).isEqualTo(200);
            assertThat(get("/metrics").statusCode()).isEqualTo(200);
        } finally {
            for (Socket s : halfSent) {
                s.close();
            }
        }
        try (Socket s = new Socket("127.0.0.1", admin.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(("POST /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String reply = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(reply).isEqualTo("HTTP/1.1 413");
        }
    }

    private int rawStatus(String host) throws IOException {
        try (Socket s = new Socket("127.0.0.1", admin.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /health HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                buf.write(c);
            }
            return Integer.parseInt(buf.toString(StandardCharsets.US_ASCII).split(" ")[1]);
        }
    }
}

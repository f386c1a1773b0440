package org.camsink.resolver.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.camsink.report.HitReport;
import org.camsink.resolver.telemetry.Receiver;
import org.camsink.resolver.testing.DnsClient;
import org.camsink.resolver.testing.TestResolver;
import org.camsink.resolver.testing.UnboundUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Candidates in telemetry: only with {@code telemetry.shareCandidates}, only the registrable domain, and only what a
 * camera found through a bundled list. A real Unbound upstream, the resolver as configured, and a loopback receiver
 * standing in for the backend.
 */
class CandidateTelemetryTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void sharedCandidatesAreRegistrableDomainsOnlyAndOnlyFromCameras() throws Exception {
        try (UnboundUpstream up = unbound();
             Receiver receiver = new Receiver();
             TestResolver r = TestResolver.start(config(up, receiver, true))) {
            InetAddress camera = InetAddress.getByName("127.0.0.2");
            InetAddress phone = InetAddress.getByName("127.0.0.3");
            ask(r, camera, "a.ru.cloud.trassir.com.", Rcode.NXDOMAIN);
            ask(r, camera, "video.eu.rebrand-test.net.", Rcode.NXDOMAIN);   // CNAME into cloud.trassir.com
            ask(r, phone, "www.phone-brand.net.", Rcode.NXDOMAIN);          // the same chain, from a phone

            String preview = waitForPreview(r, "rebrand-test.net");
            assertThat(preview).endsWith(",\"candidates\":[\"rebrand-test.net\"]}");
            HitReport sent = waitForReport(receiver);
            assertThat(sent.candidates()).containsExactly("rebrand-test.net");
            String everything = receiver.everything().toLowerCase(Locale.ROOT);
            assertThat(everything).doesNotContain("video").doesNotContain("eu.rebrand-test.net")
                    .doesNotContain("phone-brand").doesNotContain("127.0.0.2").doesNotContain("127.0.0.3");
        }
    }

    @Test
    void withoutTheSeparateOptInNoCandidateIsReported() throws Exception {
        try (UnboundUpstream up = unbound();
             Receiver receiver = new Receiver();
             TestResolver r = TestResolver.start(config(up, receiver, false))) {
            InetAddress camera = InetAddress.getByName("127.0.0.2");
            ask(r, camera, "a.ru.cloud.trassir.com.", Rcode.NXDOMAIN);
            ask(r, camera, "video.eu.rebrand-test.net.", Rcode.NXDOMAIN);
            HitReport sent = waitForReport(receiver);
            assertThat(sent.candidates()).isEmpty();
            assertThat(receiver.everything()).doesNotContain("candidates").doesNotContain("rebrand-test");
            // the owner still sees it locally
            assertThat(get(r, "/api/candidates")).contains("\"domain\" : \"rebrand-test.net\"");
        }
    }

    private static UnboundUpstream unbound() throws Exception {
        return UnboundUpstream.start(List.of(
                "video.eu.rebrand-test.net. 300 IN CNAME edge.cloud.trassir.com.",
                "www.phone-brand.net. 300 IN CNAME edge.cloud.trassir.com.",
                "edge.cloud.trassir.com. 300 IN A 192.0.2.80"), List.of());
    }

    private String config(UnboundUpstream up, Receiver receiver, boolean share) {
        return "upstreams: [\"" + up.hostPort() + "\"]\n"
                + "lists:\n  - source: builtin:trassir\n"
                + "telemetry:\n  enabled: true\n  endpoint: " + receiver.endpoint() + "\n  region: UA-30\n"
                + "  interval: 5s\n  dataDir: " + dir.resolve("data") + "\n  shareCandidates: " + share + "\n";
    }

    private static void ask(TestResolver r, InetAddress source, String name, int rcode) throws Exception {
        assertThat(DnsClient.udp(r.udpAddress(), DnsClient.query(name, Type.A), TestResolver.TIMEOUT, source).getRcode())
                .as("%s from %s", name, source).isEqualTo(rcode);
    }

    private static String waitForPreview(TestResolver r, String expected) throws Exception {
        Instant end = Instant.now().plus(WAIT);
        String body = "";
        while (Instant.now().isBefore(end)) {
            body = get(r, "/api/telemetry/preview");
            if (body.contains(expected)) {
                return body;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the preview never carried " + expected + ": " + body);
    }

    private static HitReport waitForReport(Receiver receiver) throws Exception {
        Instant end = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(end)) {
            for (HitReport h : receiver.reports()) {
                if (!h.hits().isEmpty()) {
                    return h;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no report with hits arrived: " + receiver.attempts());
    }

    private static String get(TestResolver r, String path) throws Exception {
        String url = "http://127.0.0.1:" + r.resolver().admin().port() + path;
        HttpResponse<String> res = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        return res.statusCode() == 200 ? res.body() : "";
    }
}

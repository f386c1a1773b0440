package org.camsink.resolver.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.camsink.report.testing.HeadlessChromium;
import org.camsink.resolver.testing.DnsClient;
import org.camsink.resolver.testing.TestResolver;
import org.camsink.resolver.testing.UnboundUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The household status page in headless Chromium: real DNS queries from two loopback clients through a running
 * resolver (with a real Unbound upstream) to a blocked list, then the page must show both devices with their
 * counts, pick up new queries on its own, and {@code /metrics} must agree.
 */
class HouseholdPageBrowserTest {

    private static final String LIST = "vendor-cloud";
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    void showsEachDeviceWithItsCountsAndRefreshesItself() throws Exception {
        Path list = dir.resolve("vendor.txt");
        Files.writeString(list, "# test list\nvendorcloud.test\n");
        try (UnboundUpstream up = UnboundUpstream.start(List.of(
                        "plain.test. 300 IN A 192.0.2.1",
                        "2.0.0.127.in-addr.arpa. 300 IN PTR hall-camera.lan."), List.of());
             TestResolver r = TestResolver.start("upstreams: [\"" + up.hostPort() + "\"]\n"
                     + "lists:\n  - source: " + list + "\n    id: " + LIST + "\n    format: domains\n")) {
            InetAddress hall = InetAddress.getByName("127.0.0.2");
            InetAddress garage = InetAddress.getByName("127.0.0.3");
            ask(r, hall, "a.cloud.vendorcloud.test.", 3, Rcode.NXDOMAIN);
            ask(r, garage, "B.VendorCloud.TEST.", 5, Rcode.NXDOMAIN);
            ask(r, garage, "plain.test.", 2, Rcode.NOERROR);

            String base = "http://127.0.0.1:" + r.resolver().admin().port();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            get(http, base + "/api/devices"); // asks for the clients' names in the background

            try (HeadlessChromium browser = HeadlessChromium.start()) {
                ChromeDriver driver = browser.driver();
                driver.get(base + "/");
                WebDriverWait wait = new WebDriverWait(driver, WAIT);
                // Reads go through one script call each, so the page's own refresh can never swap rows mid-read.
                wait.until(d -> queries(driver, "127.0.0.2") == 3 && queries(driver, "127.0.0.3") == 5);
                assertThat(text(driver, "#devices tr[data-client='127.0.0.2'] td:nth-of-type(1)")).isEqualTo(LIST);
                assertThat(text(driver, "#devices tr[data-client='127.0.0.2'] td:nth-of-type(2) code")).isEqualTo("vendorcloud.test");
                assertThat(driver.executeScript("return document.querySelectorAll('#devices tbody tr').length;")).isEqualTo(2L);
                assertThat(text(driver, "#total-blocked dd")).isEqualTo("8");

                // the page refreshes itself: new queries and the reverse-DNS name show up without a reload
                ask(r, hall, "x.vendorcloud.test.", 2, Rcode.NXDOMAIN);
                wait.until(d -> queries(driver, "127.0.0.2") == 5);
                wait.until(d -> String.valueOf(text(driver, "#devices tr[data-client='127.0.0.2'] th")).contains("hall-camera.lan"));
                assertThat(text(driver, "#devices tr[data-client='127.0.0.3'] th")).isEqualTo("127.0.0.3");
                assertThat(text(driver, "#telemetry-state")).startsWith("Off.");
                assertThat(text(driver, "#upstreams tbody th")).isEqualTo(up.hostPort());
                browser.screenshot(Path.of("target", "screenshots", "household.png"));
            }

            HttpResponse<String> metrics = get(http, base + "/metrics");
            Map<String, Double> m = PrometheusGrammar.parse(metrics.body());
            assertThat(m).containsEntry("camsink_list_hits_total{list=\"" + LIST + "\",outcome=\"blocked\"}", 10.0)
                    .containsEntry("camsink_queries_total{kind=\"blocked\"}", 10.0)
                    .containsEntry("camsink_device_table_rows", 2.0)
                    .containsEntry("camsink_upstream_up{upstream=\"" + up.hostPort() + "\"}", 1.0);
            assertThat(m.get("camsink_queries_total{kind=\"resolved\"}") + m.get("camsink_queries_total{kind=\"cached\"}"))
                    .isEqualTo(2.0);
            assertThat(m.get("camsink_query_duration_seconds_count")).isEqualTo(12.0);
        }
    }

    private static void ask(TestResolver r, InetAddress source, String name, int times, int rcode) throws Exception {
        for (int i = 0; i < times; i++) {
            Message reply = DnsClient.udp(r.udpAddress(), DnsClient.query(name, Type.A), TestResolver.TIMEOUT, source);
            assertThat(reply.getRcode()).as("%s from %s", name, source).isEqualTo(rcode);
        }
    }

    /** The text of the first element matching {@code css}, or null, read atomically in the page. */
    private static String text(ChromeDriver driver, String css) {
        Object t = driver.executeScript("var e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : null;", css);
        return (String) t;
    }

    private static long queries(ChromeDriver driver, String client) {
        String t = text(driver, "#devices tr[data-client='" + client + "'] td.queries");
        return t == null ? -1 : Long.parseLong(t);
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        return r;
    }
}

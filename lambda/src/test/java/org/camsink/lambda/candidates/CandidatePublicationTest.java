package org.camsink.lambda.candidates;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camsink.lambda.local.LocalOptions;
import org.camsink.lambda.local.LocalRunner;
import org.camsink.lambda.testing.DynaliteServer;
import org.camsink.lambda.testing.MovableClock;
import org.camsink.lambda.testing.Reports;
import org.camsink.lambda.testing.TestBackend;
import org.camsink.lambda.testing.TestTokens;
import org.camsink.report.HitReport;
import org.camsink.report.testing.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Candidate publication with k = 3 through the local runner over real HTTP, against dynalite: a candidate that k-1
 * installations reported on a day stays withheld, one that k or k+1 reported is published with that count, the
 * same installation twice counts once, and the analyst dashboard in headless Chromium shows exactly the published
 * ones.
 */
@ExtendWith(DynaliteServer.class)
class CandidatePublicationTest {
    private static final int K = 3;
    private static final String DAY = "2026-11-26";
    private static final MovableClock CLOCK = new MovableClock(Instant.parse(DAY + "T12:00:00Z"));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalRunner runner;

    @BeforeAll
    static void start(URI dynalite) throws Exception {
        String suffix = Long.toHexString(System.nanoTime());
        runner = LocalRunner.start(LocalOptions.defaults(Map.of()).withPort(0).withDynamodb(dynalite).withK(K)
                .withClock(CLOCK).withInlineAggregate(false).withRelease(TestBackend.LOOSE)
                .withKeyFile(TestTokens.file()).withTables("cand-reports-" + suffix, "cand-stats-" + suffix));
        // k-1 = 2 installations (one of them twice), k = 3 and k+1 = 4 installations, on one day in UA
        Map<String, List<String>> seenBy = new LinkedHashMap<>();
        seenBy.put("below-k.com", List.of("a", "b", "a"));
        seenBy.put("at-k.com", List.of("a", "b", "c"));
        seenBy.put("above-k.com", List.of("a", "b", "c", "d"));
        Map<String, List<String>> perReport = new LinkedHashMap<>();
        int n = 0;
        for (Map.Entry<String, List<String>> e : seenBy.entrySet()) {
            for (String installation : e.getValue()) {
                // each report carries one candidate: the second "a" of below-k.com is a separate report
                perReport.put(installation + "#" + n++, List.of(e.getKey()));
            }
        }
        for (Map.Entry<String, List<String>> r : perReport.entrySet()) {
            String seed = r.getKey().substring(0, r.getKey().indexOf('#'));
            HitReport plain = Reports.report(DAY, "UA-30", seed, List.of(Reports.hit("trassir", "cloud.trassir.com", 2, 1)));
            HitReport withCandidates = new HitReport(plain.schema(), plain.reportId(), plain.day(), plain.installation(),
                    plain.region(), plain.kind(), plain.version(), plain.activeClients(), plain.hits(), r.getValue());
            HttpResponse<String> res = send(HttpRequest.newBuilder(at("/v1/reports"))
                    .header("Content-Type", "application/json").header("Authorization", TestTokens.authorization())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Reports.bytes(withCandidates))));
            assertThat(res.statusCode()).as(res.body()).isIn(200, 202);
        }
        // an installation in another country never counts for UA
        HitReport elsewhere = Reports.report(DAY, "PL", "z", List.of());
        send(HttpRequest.newBuilder(at("/v1/reports")).header("Content-Type", "application/json")
                .header("Authorization", TestTokens.authorization())
                .POST(HttpRequest.BodyPublishers.ofByteArray(Reports.bytes(new HitReport(elsewhere.schema(),
                        elsewhere.reportId(), elsewhere.day(), elsewhere.installation(), elsewhere.region(), elsewhere.kind(),
                        elsewhere.version(), elsewhere.activeClients(), elsewhere.hits(), List.of("below-k.com"))))));
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    @Test
    void aCandidateIsPublishedOnlyOnceKInstallationsSawItOnADay() throws Exception {
        HttpResponse<String> res = send(HttpRequest.newBuilder(at("/v1/candidates?country=UA&from=2026-11-20&to=" + DAY)));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(res.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        JsonNode doc = JSON.readTree(res.body());
        assertThat(doc.get("k").asInt()).isEqualTo(K);
        List<String> published = new ArrayList<>();
        doc.get("candidates").forEach(c -> published.add(c.get("domain").asText() + "=" + c.get("maxInstallations").asInt()
                + "/" + c.get("days").asInt() + "/" + c.get("firstDay").asText()));
        assertThat(published).containsExactly("above-k.com=4/1/" + DAY, "at-k.com=3/1/" + DAY);

        assertThat(send(HttpRequest.newBuilder(at("/v1/candidates?country=PL&to=" + DAY))).body())
                .contains("\"candidates\":[]");
        assertThat(send(HttpRequest.newBuilder(at("/v1/candidates"))).statusCode()).isEqualTo(400);
        assertThat(send(HttpRequest.newBuilder(at("/v1/candidates?country=UA&from=2026-01-01&to=" + DAY))).body())
                .contains("more than 31 days");
    }

    @Test
    void theDashboardShowsThePublishedCandidates() throws Exception {
        try (HeadlessChromium browser = HeadlessChromium.start()) {
            ChromeDriver driver = browser.driver();
            driver.get(runner.url() + "?country=UA&from=2026-11-20&to=" + DAY);
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15));
            wait.until(d -> count(driver, "#candidates tbody tr[data-domain]") == 2);
            assertThat(text(driver, "#candidates tr[data-domain='above-k.com'] td.installations")).isEqualTo("4");
            assertThat(text(driver, "#candidates tr[data-domain='at-k.com'] td.installations")).isEqualTo("3");
            assertThat(count(driver, "#candidates tr[data-domain='below-k.com']")).isZero();
            assertThat(text(driver, "#candidates-note")).contains("k = 3");
            browser.screenshot(Path.of("target", "screenshots", "candidates.png"));
        }
    }

    private static long count(ChromeDriver driver, String css) {
        return (Long) driver.executeScript("return document.querySelectorAll(arguments[0]).length;", css);
    }

    private static String text(ChromeDriver driver, String css) {
        return (String) driver.executeScript("var e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : null;", css);
    }

    private static URI at(String path) {
        return runner.url().resolve(path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

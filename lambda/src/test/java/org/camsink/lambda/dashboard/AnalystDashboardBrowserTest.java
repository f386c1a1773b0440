package org.camsink.lambda.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.camsink.lambda.local.DynaliteLocator;
import org.camsink.lambda.testing.TestTokens;
import org.camsink.lambda.testing.GoldenReports;
import org.camsink.lambda.testing.MovableClock;
import org.camsink.lambda.testing.TestBackend;
import org.camsink.lambda.local.LocalOptions;
import org.camsink.lambda.local.LocalRunner;
import org.camsink.report.HitReport;
import org.camsink.report.ReportCodec;
import org.camsink.report.ReportHit;
import org.camsink.report.testing.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The analyst dashboard in headless Chromium against the local runner and dynalite: reports from several regions
 * and days go in over {@code POST /v1/reports}, then the page at {@code /} must draw the bars and lines that the
 * statistics call for, show the same numbers as {@code /v1/stats} in its table, follow a change of the date range,
 * offer a CSV link with the same rows, and state epsilon and each column's noise next to the numbers. Each day's
 * reports are posted on that day (the runner's clock moves), then the clock moves past the last day's close and
 * one aggregation run releases them all. The loose test epsilon keeps the installation counts exact; Vinnytsia's
 * three installations stay below k and are not published at all.
 */
class AnalystDashboardBrowserTest {

    private static final MovableClock CLOCK = new MovableClock(Instant.parse("2026-11-23T12:00:00Z"));
    private static final List<String> DAYS = List.of("2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26");
    private static final String FROM = "2026-11-20";
    private static final String TO = "2026-11-26";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private static LocalRunner runner;
    private static HttpClient http;
    private static String base;

    @BeforeAll
    static void seed() throws Exception {
        if (DynaliteLocator.find(System.getenv()).isEmpty()) {
            throw new AssertionError(DynaliteLocator.missingMessage());
        }
        runner = LocalRunner.start(LocalOptions.defaults(System.getenv()).withPort(0).withK(5)
                .withInlineAggregate(false).withClock(CLOCK).withRelease(TestBackend.LOOSE).withKeyFile(TestTokens.file()));
        base = runner.url().toString().replaceAll("/$", "");
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        int accepted = 0;
        ReportCodec codec = new ReportCodec();
        for (String day : DAYS) {
            CLOCK.set(Instant.parse(day + "T12:00:00Z"));
            if (day.equals("2026-11-26")) {
                for (byte[] body : GoldenReports.folder("valid").values()) {
                    accepted += post(body);
                }
            }
            // Kharkiv: 10 reporting, 9 reach TRASSIR, 8 of those also AziGuard (over the threshold of 7)
            for (int i = 0; i < 10; i++) {
                List<ReportHit> hits = new ArrayList<>();
                if (i < 9) {
                    hits.add(new ReportHit("trassir", "cloud.trassir.com", "qname", 10 + i, 1));
                }
                if (i < 8) {
                    hits.add(new ReportHit("aziguard", "aziguard.com", "qname", 3, 1));
                }
                accepted += post(codec.encode(report(day, "UA-63", hits)));
            }
            // Odesa: 9 reporting, 8 reach TRASSIR
            for (int i = 0; i < 9; i++) {
                List<ReportHit> hits = i < 8 ? List.of(new ReportHit("trassir", "cloud.trassir.com", "qname", 4, 2)) : List.of();
                accepted += post(codec.encode(report(day, "UA-51", hits)));
            }
            // Vinnytsia: only 3 installations, so its cells stay below k and are suppressed
            for (int i = 0; i < 3; i++) {
                accepted += post(codec.encode(report(day, "UA-05", List.of(new ReportHit("trassir", "cloud.trassir.com", "qname", 2, 1)))));
            }
        }
        assertThat(accepted).isGreaterThanOrEqualTo(5 + DAYS.size() * 22);
        CLOCK.set(Instant.parse("2026-11-28T00:01:00Z"));
        runner.aggregateNow();
    }

    @AfterAll
    static void stop() {
        if (runner != null) {
            runner.close();
        }
    }

    private static HitReport report(String day, String region, List<ReportHit> hits) {
        byte[] pseudonym = new byte[32];
        RANDOM.nextBytes(pseudonym);
        return new HitReport(HitReport.SCHEMA, UUID.randomUUID().toString(), day,
                Base64.getUrlEncoder().withoutPadding().encodeToString(pseudonym), region, "home", "0.1.0", 4, hits);
    }

    private static int post(byte[] body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/reports"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .header("Authorization", TestTokens.authorization())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("POST /v1/reports: %s", r.body()).isIn(200, 201, 202);
        return 1;
    }

    private static String get(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(pathAndQuery.startsWith("http") ? pathAndQuery : base + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(pathAndQuery).isEqualTo(200);
        return r.body();
    }

    private static JsonNode stats(String by, String from, String to) throws Exception {
        return JSON.readTree(get("/v1/stats?country=UA&from=" + from + "&to=" + to + "&by=" + by));
    }

    @Test
    void chartsTableAndCsvFollowTheStatistics() throws Exception {
        try (HeadlessChromium browser = HeadlessChromium.start()) {
            ChromeDriver driver = browser.driver();
            driver.get(base + "/?country=UA&from=" + FROM + "&to=" + TO);
            WebDriverWait wait = new WebDriverWait(driver, WAIT);

            JsonNode regional = stats("day,region,list", FROM, TO);
            JsonNode daily = stats("day,list", FROM, TO);
            assertThat(regional.get("k").asInt()).isEqualTo(5);
            waitForTable(wait, regional, FROM, TO);
            assertThat(driver.findElement(By.id("error")).isDisplayed()).isFalse();

            // epsilon and the noise of every column stand next to the numbers
            JsonNode privacy = regional.get("privacy");
            assertThat(privacy.get("epsilon").asText()).isEqualTo("1000");
            String statement = driver.findElement(By.id("privacy")).getText();
            assertThat(statement).contains("ε = 1000 per installation and day", "δ = 0.000001",
                    "at least " + privacy.get("threshold").asText(), "k = 5");
            assertThat(driver.findElement(By.id("stats-caption")).getText()).contains("ε = 1000");

            // bars: one per published (region, list); Vinnytsia (3 installations) is not published at all
            Set<String> bars = expectedBars(regional);
            assertThat(bars).doesNotContain("UA-05 trassir").contains("UA-63 trassir", "UA-51 trassir");
            assertThat(driver.findElements(By.cssSelector("#region-chart rect.bar"))).hasSize(bars.size());
            assertThat(driver.findElements(By.cssSelector("#region-chart text.suppressed"))).isEmpty();
            Set<String> drawn = new HashSet<>();
            driver.findElements(By.cssSelector("#region-chart rect.bar"))
                    .forEach(b -> drawn.add(b.getDomAttribute("data-region") + " " + b.getDomAttribute("data-list")));
            assertThat(drawn).isEqualTo(bars);

            // lines: one per list with at least one day at or above k
            assertThat(visibleLines(driver)).containsExactlyInAnyOrderElementsOf(listsWithData(daily));
            assertThat(visibleLines(driver)).contains("trassir", "aziguard");
            assertThat(driver.findElements(By.cssSelector("#day-chart circle.point"))).hasSize(daily.get("rows").size());

            // the table is /v1/stats, row for row, each count with its noise
            assertTableMatches(driver, regional);
            String svgText = driver.findElement(By.cssSelector("#region-chart svg")).getDomAttribute("aria-labelledby");
            assertThat(svgText).isEqualTo("region-title region-desc");
            assertThat(driver.findElement(By.id("region-desc")).getDomProperty("textContent")).contains("UA-63 Kharkiv, trassir");

            // the CSV link downloads the same rows, from the API's own CSV
            assertCsvMatches(driver.findElement(By.id("csv")).getDomProperty("href"), regional);
            browser.screenshot(Path.of("target", "screenshots", "analyst.png"));

            // a shorter date range redraws the charts and the table
            String from2 = "2026-11-25";
            driver.executeScript("var f = document.getElementById('from'); f.value = arguments[0];"
                    + "f.dispatchEvent(new Event('change', {bubbles: true}));", from2);
            JsonNode regional2 = stats("day,region,list", from2, TO);
            JsonNode daily2 = stats("day,list", from2, TO);
            waitForTable(wait, regional2, from2, TO);
            assertTableMatches(driver, regional2);
            assertThat(driver.findElements(By.cssSelector("#region-chart rect.bar"))).hasSize(expectedBars(regional2).size());
            assertThat(driver.findElements(By.cssSelector("#day-chart circle.point"))).hasSize(daily2.get("rows").size());
            assertThat(daily2.get("rows").size()).isLessThan(daily.get("rows").size());
            assertThat(driver.getCurrentUrl()).contains("from=" + from2);
            assertCsvMatches(driver.findElement(By.id("csv")).getDomProperty("href"), regional2);

            // the by-day view tabulates /v1/stats?by=day,list
            driver.findElement(By.cssSelector("input[name=view][value=day]")).click();
            wait.until(d -> d.findElement(By.id("csv")).getDomProperty("href").contains("by=day%2Clist"));
            waitForTable(wait, daily2, from2, TO);
            assertTableMatches(driver, daily2);
            assertCsvMatches(driver.findElement(By.id("csv")).getDomProperty("href"), daily2);
        }
    }

    private static void waitForTable(WebDriverWait wait, JsonNode expected, String from, String to) {
        wait.withMessage("the table to show " + expected.get("rows").size() + " rows for " + from + ".." + to)
                .until(d -> d.findElement(By.id("stats-caption")).getText().contains(from + " to " + to)
                        && d.findElements(By.cssSelector("#stats tbody tr")).size() == expected.get("rows").size());
    }

    private static List<String> visibleLines(WebDriver driver) {
        return driver.findElements(By.cssSelector("#day-chart path.line")).stream()
                .filter(p -> p.getDomAttribute("visibility") == null)
                .map(p -> p.getDomAttribute("data-list")).toList();
    }

    private static Set<String> listsWithData(JsonNode result) {
        Set<String> out = new HashSet<>();
        result.get("rows").forEach(r -> out.add(r.get("list").asText()));
        return out;
    }

    private static Set<String> expectedBars(JsonNode result) {
        Set<String> shown = new HashSet<>();
        result.get("rows").forEach(r -> shown.add(r.get("region").asText() + " " + r.get("list").asText()));
        return shown;
    }

    /** Reads the whole table in one script call (one WebDriver round trip instead of hundreds). */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> tableRows(ChromeDriver driver) {
        return (List<Map<String, Object>>) driver.executeScript("""
                return Array.from(document.querySelectorAll('#stats tbody tr')).map(function (tr) {
                  var cells = {};
                  tr.querySelectorAll('td[class~=num]').forEach(function (td) {
                    var noise = td.querySelector('.noise');
                    cells[td.classList[1]] = { text: td.firstChild.textContent, value: td.getAttribute('data-value'),
                                               noise: noise ? noise.textContent : null };
                  });
                  var sup = tr.querySelector('td.suppressed');
                  return { day: tr.getAttribute('data-day'), region: tr.getAttribute('data-region'),
                           list: tr.getAttribute('data-list'), suppressed: sup ? sup.textContent : null, cells: cells };
                });""");
    }

    @SuppressWarnings("unchecked")
    private static void assertTableMatches(ChromeDriver driver, JsonNode expected) {
        List<Map<String, Object>> trs = tableRows(driver);
        JsonNode rows = expected.get("rows");
        assertThat(trs).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode r = rows.get(i);
            Map<String, Object> tr = trs.get(i);
            assertThat(tr.get("day")).isEqualTo(r.get("day").asText());
            assertThat(tr.get("list")).isEqualTo(r.get("list").asText());
            if (r.has("region")) {
                assertThat(tr.get("region")).isEqualTo(r.get("region").asText());
            }
            Map<String, Map<String, Object>> cells = (Map<String, Map<String, Object>>) tr.get("cells");
            assertThat(tr.get("suppressed")).isNull();
            JsonNode sd = expected.get("privacy").get("noiseStdDev");
            for (String column : List.of("installations", "activeInstallations", "clients", "queries")) {
                assertThat(((String) cells.get(column).get("text")).replace(",", "")).as("row %d %s", i, column)
                        .isEqualTo(r.get(column).asText());
                assertThat(((String) cells.get(column).get("noise")).replace(",", "")).as("row %d %s noise", i, column)
                        .isEqualTo("±" + new java.math.BigDecimal(sd.get(column).asText()).stripTrailingZeros().toPlainString());
            }
            Map<String, Object> rate = cells.get("exposureRate");
            assertThat(Double.parseDouble((String) rate.get("value"))).isEqualTo(r.get("exposureRate").asDouble());
            assertThat(rate.get("text")).isEqualTo(String.format(java.util.Locale.ROOT, "%.1f %%", r.get("exposureRate").asDouble() * 100));
        }
    }

    private static void assertCsvMatches(String href, JsonNode expected) throws Exception {
        assertThat(href).startsWith(base + "/v1/stats?").contains("format=csv");
        List<String> lines = get(href).lines().filter(l -> !l.isEmpty()).toList();
        List<String> by = new ArrayList<>();
        expected.get("by").forEach(b -> by.add(b.asText()));
        List<String> header = new ArrayList<>(by);
        header.addAll(List.of("installations", "activeInstallations", "exposureRate", "clients", "queries"));
        assertThat(lines.get(0)).isEqualTo(String.join(",", header));
        JsonNode rows = expected.get("rows");
        assertThat(lines).hasSize(rows.size() + 1);
        for (int i = 0; i < rows.size(); i++) {
            JsonNode r = rows.get(i);
            List<String> cells = new ArrayList<>();
            by.forEach(b -> cells.add(r.get(b).asText()));
            for (String column : List.of("installations", "activeInstallations", "exposureRate", "clients", "queries")) {
                cells.add(r.get(column).isNull() ? "" : r.get(column).asText());
            }
            String[] got = lines.get(i + 1).split(",", -1);
            assertThat(got).as("CSV row %d", i).hasSize(cells.size());
            for (int c = 0; c < cells.size(); c++) {
                if (header.get(c).equals("exposureRate") && !cells.get(c).isEmpty()) {
                    assertThat(Double.parseDouble(got[c])).isEqualTo(Double.parseDouble(cells.get(c)));
                } else {
                    assertThat(got[c]).as("CSV row %d %s", i, header.get(c)).isEqualTo(cells.get(c));
                }
            }
        }
    }

}

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
import org.camsink.lambda.testing.GoldenReports;
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
 * offer a CSV link with the same rows, and mark suppressed cells as such.
 */
class AnalystDashboardBrowserTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
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
                .withInlineAggregate(false).withClock(Clock.fixed(NOW, ZoneOffset.UTC)));
        base = runner.url().toString().replaceAll("/$", "");
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        int accepted = 0;
        for (byte[] body : GoldenReports.folder("valid").values()) {
            accepted += post(body);
        }
        assertThat(accepted).as("golden reports accepted").isGreaterThanOrEqualTo(5);
        ReportCodec codec = new ReportCodec();
        for (String day : DAYS) {
            // Kharkiv: 7 reporting, 6 reach TRASSIR, 5 of those also AziGuard (cells of at least k = 5)
            for (int i = 0; i < 7; i++) {
                List<ReportHit> hits = new ArrayList<>();
                if (i < 6) {
                    hits.add(new ReportHit("trassir", "cloud.trassir.com", "qname", 10 + i, 1));
                }
                if (i < 5) {
                    hits.add(new ReportHit("aziguard", "aziguard.com", "qname", 3, 1));
                }
                accepted += post(codec.encode(report(day, "UA-63", hits)));
            }
            // Odesa: 6 reporting, 5 reach TRASSIR
            for (int i = 0; i < 6; i++) {
                List<ReportHit> hits = i < 5 ? List.of(new ReportHit("trassir", "cloud.trassir.com", "qname", 4, 2)) : List.of();
                accepted += post(codec.encode(report(day, "UA-51", hits)));
            }
            // Vinnytsia: only 3 installations, so its cells stay below k and are suppressed
            for (int i = 0; i < 3; i++) {
                accepted += post(codec.encode(report(day, "UA-05", List.of(new ReportHit("trassir", "cloud.trassir.com", "qname", 2, 1)))));
            }
        }
        assertThat(accepted).isGreaterThanOrEqualTo(5 + DAYS.size() * 16);
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

            // bars: one per (region, list) with a day at or above k; fully suppressed pairs get the label instead
            Expect bars = expectedBars(regional);
            assertThat(bars.suppressed).contains("UA-05 trassir");
            assertThat(driver.findElements(By.cssSelector("#region-chart rect.bar"))).hasSize(bars.shown.size());
            Set<String> labelled = new HashSet<>();
            for (WebElement t : driver.findElements(By.cssSelector("#region-chart text.suppressed"))) {
                assertThat(t.getText()).endsWith(": withheld (k = 5)");
                for (String list : t.getDomAttribute("data-lists").split(",")) {
                    labelled.add(t.getDomAttribute("data-region") + " " + list);
                }
            }
            assertThat(labelled).isEqualTo(bars.suppressed);
            Set<String> drawn = new HashSet<>();
            driver.findElements(By.cssSelector("#region-chart rect.bar"))
                    .forEach(b -> drawn.add(b.getDomAttribute("data-region") + " " + b.getDomAttribute("data-list")));
            assertThat(drawn).isEqualTo(bars.shown);

            // lines: one per list with at least one day at or above k
            assertThat(visibleLines(driver)).containsExactlyInAnyOrderElementsOf(listsWithData(daily));
            assertThat(visibleLines(driver)).contains("trassir", "aziguard");
            assertThat(driver.findElements(By.cssSelector("#day-chart circle.point"))).hasSize(unsuppressed(daily));

            // the table is /v1/stats, row for row, and suppressed rows say so
            assertTableMatches(driver, regional);
            assertThat(tableRows(driver)).anySatisfy(row -> assertThat(row.get("suppressed")).isEqualTo("withheld (k = 5)"));
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
            assertThat(driver.findElements(By.cssSelector("#region-chart rect.bar"))).hasSize(expectedBars(regional2).shown.size());
            assertThat(driver.findElements(By.cssSelector("#day-chart circle.point"))).hasSize(unsuppressed(daily2));
            assertThat(unsuppressed(daily2)).isLessThan(unsuppressed(daily));
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
        result.get("rows").forEach(r -> {
            if (!r.get("suppressed").asBoolean()) {
                out.add(r.get("list").asText());
            }
        });
        return out;
    }

    private static int unsuppressed(JsonNode result) {
        int n = 0;
        for (JsonNode r : result.get("rows")) {
            n += r.get("suppressed").asBoolean() ? 0 : 1;
        }
        return n;
    }

    private record Expect(Set<String> shown, Set<String> suppressed) {}

    private static Expect expectedBars(JsonNode result) {
        Map<String, Boolean> anyShown = new LinkedHashMap<>();
        result.get("rows").forEach(r -> anyShown.merge(r.get("region").asText() + " " + r.get("list").asText(),
                !r.get("suppressed").asBoolean(), Boolean::logicalOr));
        Set<String> shown = new HashSet<>();
        Set<String> suppressed = new HashSet<>();
        anyShown.forEach((k, v) -> (v ? shown : suppressed).add(k));
        return new Expect(shown, suppressed);
    }

    /** Reads the whole table in one script call (one WebDriver round trip instead of hundreds). */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> tableRows(ChromeDriver driver) {
        return (List<Map<String, Object>>) driver.executeScript("""
                return Array.from(document.querySelectorAll('#stats tbody tr')).map(function (tr) {
                  var cells = {};
                  tr.querySelectorAll('td[class~=num]').forEach(function (td) {
                    cells[td.classList[1]] = { text: td.textContent, value: td.getAttribute('data-value') };
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
            if (r.get("suppressed").asBoolean()) {
                assertThat(tr.get("suppressed")).as("row %d", i).isEqualTo("withheld (k = 5)");
                assertThat(cells).isEmpty();
                continue;
            }
            assertThat(tr.get("suppressed")).isNull();
            for (String column : List.of("installations", "activeInstallations", "clients", "queries")) {
                assertThat(((String) cells.get(column).get("text")).replace(",", "")).as("row %d %s", i, column)
                        .isEqualTo(r.get(column).asText());
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
        header.addAll(List.of("installations", "activeInstallations", "exposureRate", "clients", "queries", "suppressed"));
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
            cells.add(Boolean.toString(r.get("suppressed").asBoolean()));
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

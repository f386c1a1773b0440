package org.camsink.lambda.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.camsink.lambda.testing.DynaliteServer;
import org.camsink.lambda.testing.GoldenReports;
import org.camsink.lambda.testing.MovableClock;
import org.camsink.lambda.testing.StatsRows;
import org.camsink.lambda.testing.TestBackend;
import org.camsink.lambda.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The local runner over real HTTP on 127.0.0.1 (port 0), against the test dynalite. */
@ExtendWith(DynaliteServer.class)
class LocalRunnerHttpTest {
    private static LocalRunner runner;
    /** Ingest runs on the golden reports' last day; the test moves it on to release them. */
    private static final MovableClock CLOCK = new MovableClock(TestBackend.CLOCK.instant());
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start(URI dynalite) throws IOException {
        String suffix = Long.toHexString(System.nanoTime());
        runner = LocalRunner.start(LocalOptions.defaults(Map.of()).withPort(0).withDynamodb(dynalite).withK(1)
                .withClock(CLOCK).withInlineAggregate(false).withRelease(TestBackend.LOOSE).withKeyFile(TestTokens.file())
                .withTables("runner-reports-" + suffix, "runner-stats-" + suffix));
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI at(String path) {
        return runner.url().resolve(path);
    }

    @Test
    void listensOnLoopbackWithTheChosenPort() {
        assertThat(runner.url().getHost()).isEqualTo("127.0.0.1");
        assertThat(runner.url().getPort()).isPositive();
    }

    @Test
    void ingestAggregateAndQueryOverHttp() throws Exception {
        for (byte[] body : GoldenReports.folder("valid").values()) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(at("/v1/reports"))
                    .header("Content-Type", "application/json").header("Authorization", TestTokens.authorization())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
            assertThat(r.statusCode()).as(r.body()).isIn(202, 200);
        }
        // both golden days close: 24 h after the 26th ended, plus the local settle time
        CLOCK.set(java.time.Instant.parse("2026-11-28T00:01:00Z"));
        runner.aggregateNow();
        HttpResponse<String> json = send(HttpRequest.newBuilder(
                at("/v1/stats?country=UA&from=2026-11-25&to=2026-11-26&by=day,list")));
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(json.headers().firstValue("Cache-Control")).hasValue("public, max-age=300");
        var rows = StatsRows.parse(json.body()).get("rows");
        // The golden numbers (see GoldenPipelineTest): trassir on the 25th, 3 of 5 installations.
        assertThat(rows.get(0).get("day").asText()).isEqualTo("2026-11-25");
        assertThat(rows.get(0).get("list").asText()).isEqualTo("trassir");
        assertThat(rows.get(0).get("installations").asLong()).isEqualTo(3);
        assertThat(rows.get(0).get("activeInstallations").asLong()).isEqualTo(5);

        HttpResponse<String> csv = send(HttpRequest.newBuilder(
                at("/v1/stats?country=UA&from=2026-11-25&to=2026-11-26&by=day,list")).header("Accept", "text/csv"));
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.body()).startsWith("day,list,installations,activeInstallations,exposureRate,clients,queries\r\n"
                + "2026-11-25,trassir,3,5,0.6,");
    }

    @Test
    void envelopeErrorsOverHttp() throws Exception {
        assertThat(send(HttpRequest.newBuilder(at("/v1/reports")).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))).statusCode()).isEqualTo(415);
        assertThat(send(HttpRequest.newBuilder(at("/v1/reports")).GET()).statusCode()).isEqualTo(405);
        assertThat(send(HttpRequest.newBuilder(at("/v1/nope")).GET()).statusCode()).isEqualTo(404);
        HttpResponse<String> big = send(HttpRequest.newBuilder(at("/v1/reports")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"a\":\"" + "x".repeat(200_000) + "\"}")));
        assertThat(big.statusCode()).isEqualTo(413);
        HttpResponse<String> bad = send(HttpRequest.newBuilder(at("/v1/stats?country=UA&from=2026-13-01")));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).isEqualTo("{\"error\":\"from is not a calendar day: 2026-13-01\"}");
        HttpResponse<String> lists = send(HttpRequest.newBuilder(at("/v1/lists")));
        assertThat(lists.statusCode()).isEqualTo(200);
        assertThat(lists.body()).contains("\"id\":\"trassir\"");
        assertThat(send(HttpRequest.newBuilder(at("/assets/..%2Fcamsink%2Flists%2Ftrassir.yaml"))).statusCode())
                .isEqualTo(404);
    }

    @Test
    void commandLineArguments() {
        LocalOptions o = LocalOptions.parse(new String[] {"--port", "0", "--dynamodb", "http://127.0.0.1:4567",
                "--aggregate-every", "10m", "--k", "3"}, Map.of());
        assertThat(o.port()).isZero();
        assertThat(o.dynamodb()).isEqualTo(URI.create("http://127.0.0.1:4567"));
        assertThat(o.aggregateEvery()).isEqualTo(Duration.ofMinutes(10));
        assertThat(o.k()).isEqualTo(3);
        assertThat(LocalOptions.parse(new String[] {"--port=9000", "--aggregate-every=500ms"}, Map.of()).port())
                .isEqualTo(9000);
        for (String[] bad : new String[][] {{"--port"}, {"--port", "x"}, {"--port", "70000"}, {"--aggregate-every", "5"},
                {"--dynamodb", "ftp://x"}, {"--what"}, {"--k", "0"}}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> LocalOptions.parse(bad, Map.of()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}

package org.camsink.lambda.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.camsink.lambda.local.LocalOptions;
import org.camsink.lambda.local.LocalRunner;
import org.camsink.lambda.testing.DynaliteServer;
import org.camsink.lambda.testing.Reports;
import org.camsink.lambda.testing.TestBackend;
import org.camsink.report.token.IssuerClient;
import org.camsink.report.token.PrivateTokenAuth;
import org.camsink.report.token.Token;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The issuer and the ingest check of the local runner over HTTP on 127.0.0.1: tokens fetched blinded and spent on
 * reports; the per-block daily limit; and reports without a token, with a spent one or with a forged signature
 * refused with 401 and a PrivateToken challenge, storing nothing.
 */
@ExtendWith(DynaliteServer.class)
class PrivacyPassHttpTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int CAP = 4;
    private static final String DAY = "2026-11-26";

    private LocalRunner runner;
    private Path keyFile;

    @BeforeEach
    void start(URI dynalite, @TempDir Path tmp) throws Exception {
        String suffix = Long.toHexString(System.nanoTime());
        keyFile = tmp.resolve("keys").resolve(KeyFile.NAME);
        runner = LocalRunner.start(LocalOptions.defaults(Map.of()).withPort(0).withDynamodb(dynalite).withK(1)
                .withClock(TestBackend.CLOCK).withInlineAggregate(false).withKeyFile(keyFile).withTokensPerBlock(CAP)
                .withTables("pp-reports-" + suffix, "pp-stats-" + suffix));
    }

    @AfterEach
    void stop() {
        runner.close();
    }

    private IssuerClient client() {
        return new IssuerClient(runner.url(), Duration.ofSeconds(10), "camsink-test", new SecureRandom());
    }

    private int post(byte[] body, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(runner.url().resolve("/v1/reports"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpResponse<String> r = HTTP.send(b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 401) {
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v ->
                    assertThat(v).startsWith("PrivateToken challenge=\"").contains("token-key=\""));
        }
        return r.statusCode();
    }

    private static byte[] report(String seed) {
        return Reports.bytes(Reports.report(DAY, "UA-30", seed, List.of(Reports.hit("trassir", "cloud.trassir.com", 3, 1))));
    }

    private List<Map<String, AttributeValue>> reports() {
        return runner.dynamo().scan(b -> b.tableName(tableOf("pp-reports-"))).items();
    }

    private String tableOf(String prefix) {
        return runner.dynamo().listTables().tableNames().stream().filter(n -> n.startsWith(prefix))
                .filter(n -> n.endsWith(suffixOf())).findFirst().orElseThrow();
    }

    private String suffixOf() {
        // The runner's tables share one suffix; find it from the stats table name of this runner's dynamo.
        return runner.dynamo().listTables().tableNames().stream().filter(n -> n.startsWith("pp-stats-"))
                .map(n -> n.substring("pp-stats-".length())).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void enrollSpendAndReportThenTheBlockIsCappedForTheDay() throws Exception {
        IssuerClient first = client();
        IssuerClient.Directory dir = first.directory();
        assertThat(dir.key().encoded()).isEqualTo(KeyFile.load(keyFile).keys().get(0).publicKey().encoded());

        IssuerClient.Batch batch = first.fetch(dir, CAP - 1);
        assertThat(batch.tokens()).hasSize(CAP - 1);
        assertThat(batch.stoppedBecause()).isEmpty();
        for (int i = 0; i < batch.tokens().size(); i++) {
            assertThat(post(report("first-" + i), PrivateTokenAuth.authorization(batch.tokens().get(i)))).isEqualTo(202);
        }

        // A second resolver from the same /24 (127.0.0.0/24) gets the one token left, then 429.
        IssuerClient second = client();
        IssuerClient.Batch over = second.fetch(second.directory(), 3);
        assertThat(over.tokens()).hasSize(1);
        assertThat(over.stoppedBecause()).hasValueSatisfying(s -> assertThat(s).contains("HTTP 429"));
        assertThat(over.retryAfter()).isPresent();

        // The issuer kept a counter keyed by an HMAC of the day and block: no address in the table.
        String stats = runner.dynamo().scan(b -> b.tableName("pp-stats-" + suffixOf())).items().toString();
        assertThat(stats).contains("ISSUE#" + java.time.LocalDate.now(TestBackend.CLOCK)).doesNotContain("127.0.0");
        assertThat(reports()).hasSize(CAP - 1);
    }

    @Test
    void reportsWithoutATokenWithASpentOneOrAForgedOneAreRefusedAndStoreNothing() throws Exception {
        IssuerClient c = client();
        List<Token> tokens = c.fetch(c.directory(), 2).tokens();
        assertThat(tokens).hasSize(2);

        assertThat(post(report("none"), null)).isEqualTo(401);
        assertThat(post(report("bearer"), "Bearer abc")).isEqualTo(401);
        assertThat(post(report("garbage"), "PrivateToken token=\"AAAA\"")).isEqualTo(401);

        Token good = tokens.get(0);
        assertThat(post(report("spender"), PrivateTokenAuth.authorization(good))).isEqualTo(202);
        assertThat(post(report("double-spender"), PrivateTokenAuth.authorization(good))).isEqualTo(401);

        Token real = tokens.get(1);
        byte[] forgedSig = real.authenticator();
        forgedSig[100] ^= 0x40;
        Token forged = new Token(real.nonce(), real.challengeDigest(), real.keyId(), forgedSig);
        assertThat(post(report("forger"), PrivateTokenAuth.authorization(forged))).isEqualTo(401);
        byte[] otherNonce = real.nonce();
        otherNonce[0] ^= 1;
        Token reused = new Token(otherNonce, real.challengeDigest(), real.keyId(), real.authenticator());
        assertThat(post(report("nonce-swapper"), PrivateTokenAuth.authorization(reused))).isEqualTo(401);

        assertThat(reports()).hasSize(1);
        // The untouched second token still works: refusals spent nothing.
        assertThat(post(report("late"), PrivateTokenAuth.authorization(real))).isEqualTo(202);
        assertThat(reports()).hasSize(2);
    }

    @Test
    void malformedTokenRequestsAre422AndNotCounted() throws Exception {
        for (int i = 0; i < CAP + 2; i++) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(runner.url().resolve("/v1/tokens"))
                    .header("Content-Type", "application/private-token-request")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0, 2, 1, 2, 3})).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        }
        HttpResponse<String> wrongType = HTTP.send(HttpRequest.newBuilder(runner.url().resolve("/v1/tokens"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrongType.statusCode()).isEqualTo(415);
        IssuerClient c = client();
        assertThat(c.fetch(c.directory(), CAP).tokens()).hasSize(CAP);
    }
}

package org.camsink.resolver.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.camsink.lambda.local.LocalOptions;
import org.camsink.lambda.local.LocalRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resolver's real telemetry sender ({@link Delivery} with its {@link TokenWallet}) against the backend's local
 * runner on dynalite, over HTTP on 127.0.0.1: a resolver enrolls (fetches a day's tokens, blinded), spends one per
 * report and reports; a second resolver in the same /24 gets only what is left of the block's daily tokens; a
 * report without a token, with a spent one or with a forged signature gets 4xx and nothing is stored.
 */
class EnrollmentEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CAP = 30;
    private static LocalRunner runner;
    private static String reportsTable;

    @BeforeAll
    static void start(@TempDir Path keys) throws Exception {
        String suffix = Long.toHexString(System.nanoTime());
        reportsTable = "e2e-reports-" + suffix;
        runner = LocalRunner.start(LocalOptions.defaults(Map.of()).withPort(0).withInlineAggregate(false)
                .withKeyFile(keys.resolve("issuer-keys.json")).withTokensPerBlock(CAP)
                .withTables(reportsTable, "e2e-stats-" + suffix));
    }

    @AfterAll
    static void stop() {
        if (runner != null) {
            runner.close();
        }
    }

    private static byte[] report() throws Exception {
        try (InputStream in = EnrollmentEndToEndTest.class.getResourceAsStream("/golden/valid/2026-11-26-ua30-home-a.json")) {
            ObjectNode r = (ObjectNode) JSON.readTree(in);
            r.put("day", LocalDate.now(ZoneOffset.UTC).toString()).put("reportId", UUID.randomUUID().toString());
            return JSON.writeValueAsBytes(r);
        }
    }

    private static String idOf(byte[] report) throws Exception {
        return JSON.readTree(report).path("reportId").asText();
    }

    private static int stored() {
        return runner.dynamo().scan(b -> b.tableName(reportsTable)).items().size();
    }

    @Test
    void enrollSpendReportAndTheSecondResolverOfTheBlockIsCapped(@TempDir Path a, @TempDir Path b) throws Exception {
        URI endpoint = URI.create(runner.url().toString().replaceAll("/$", ""));
        Delivery delivery = new Delivery(endpoint, Duration.ofSeconds(10));
        TokenWallet first = new TokenWallet(a, TokenWallet.issuerBase(delivery.target()), Duration.ofSeconds(10),
                Duration.ofHours(1), Clock.systemUTC());
        assertThat(first.target()).isEqualTo(28);

        byte[] r1 = report();
        String auth1 = first.authorizationFor(idOf(r1)).orElseThrow();
        assertThat(first.available()).as("a day's tokens fetched ahead, one assigned").isEqualTo(first.target() - 1);
        assertThat(delivery.send(r1, auth1).verdict()).isEqualTo(Delivery.Verdict.ACCEPTED);
        // A retry of the same report with its assigned token is a duplicate, not a refusal.
        assertThat(first.authorizationFor(idOf(r1))).hasValue(auth1);
        assertThat(delivery.send(r1, auth1).verdict()).isEqualTo(Delivery.Verdict.DUPLICATE);
        first.spent(idOf(r1));
        assertThat(stored()).isEqualTo(1);

        // The same token on another report: spent, 401, nothing stored.
        Delivery.Outcome spent = delivery.send(report(), auth1);
        assertThat(spent.status()).isEqualTo(401);
        assertThat(spent.verdict()).isEqualTo(Delivery.Verdict.RETRY);
        // No token at all, and a forged signature: 401 too.
        assertThat(delivery.send(report(), null).status()).isEqualTo(401);
        byte[] r2 = report();
        String auth2 = first.authorizationFor(idOf(r2)).orElseThrow();
        String forged = auth2.substring(0, auth2.length() - 6) + (auth2.charAt(auth2.length() - 6) == 'A' ? 'B' : 'A')
                + auth2.substring(auth2.length() - 5);
        assertThat(delivery.send(r2, forged).status()).isEqualTo(401);
        assertThat(stored()).isEqualTo(1);
        assertThat(delivery.send(r2, auth2).verdict()).isEqualTo(Delivery.Verdict.ACCEPTED);
        assertThat(stored()).isEqualTo(2);

        // A second resolver in 127.0.0.0/24: the block had CAP tokens today, the first took 28.
        TokenWallet second = new TokenWallet(b, TokenWallet.issuerBase(delivery.target()), Duration.ofSeconds(10),
                Duration.ofHours(1), Clock.systemUTC());
        byte[] r3 = report();
        assertThat(second.authorizationFor(idOf(r3))).isPresent();
        assertThat(second.available()).as("only the block's remaining tokens").isEqualTo(CAP - 28 - 1);
        assertThat(delivery.send(r3, second.authorizationFor(idOf(r3)).orElseThrow()).verdict())
                .isEqualTo(Delivery.Verdict.ACCEPTED);
        second.spent(idOf(r3));
        second.authorizationFor(idOf(report()));
        assertThat(second.authorizationFor(UUID.randomUUID().toString())).as("over the block's daily cap").isEmpty();
    }
}

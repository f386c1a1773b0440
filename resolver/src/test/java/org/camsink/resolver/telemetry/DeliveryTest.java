package org.camsink.resolver.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DeliveryTest {

    @ParameterizedTest
    @ValueSource(ints = {400, 413, 422})
    void onlyAnAnswerAboutTheReportRejectsIt(int status) {
        Delivery.Outcome o = Delivery.classify(status, "{\"error\":\"bad\"}".getBytes(), null);
        assertThat(o.verdict()).isEqualTo(Delivery.Verdict.REJECTED);
        assertThat(o.why()).isNull();
    }

    @ParameterizedTest
    @CsvSource({
            "404, check telemetry.endpoint", "405, check telemetry.endpoint", "401, refused access",
            "403, refused access", "408, timed out", "429, slow down", "500, server error", "502, server error",
            "503, server error", "301, redirects", "410, does not say the report is invalid"})
    void everyOtherFailureKeepsTheReportAndSaysWhy(int status, String why) {
        Delivery.Outcome o = Delivery.classify(status, new byte[0], null);
        assertThat(o.verdict()).isEqualTo(Delivery.Verdict.RETRY);
        assertThat(o.why()).contains(why);
    }

    @ParameterizedTest
    @CsvSource({
            "https://stats.example.org, https://stats.example.org/v1/reports, false",
            "https://stats.example.org/, https://stats.example.org/v1/reports, false",
            "https://x.example/prod, https://x.example/prod/v1/reports, false",
            "https://x.example/prod/v1/reports, https://x.example/prod/v1/reports, true",
            "https://x.example/v1/reports/, https://x.example/v1/reports, true",
            "http://127.0.0.1:8080/v1/reports, http://127.0.0.1:8080/v1/reports, true"})
    void theEndpointIsTheBaseOrTheFullReportsUrl(String endpoint, String target, boolean full) {
        URI e = URI.create(endpoint);
        assertThat(Delivery.target(e)).hasToString(target);
        assertThat(Delivery.isFull(e)).isEqualTo(full);
        assertThat(Delivery.describe(e)).contains(full ? "is the full reports URL" : "is a base URL").endsWith(target);
    }
}

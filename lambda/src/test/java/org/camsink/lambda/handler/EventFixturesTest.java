package org.camsink.lambda.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import java.net.URI;
import java.util.Map;
import org.camsink.lambda.testing.DynaliteServer;
import org.camsink.lambda.testing.TestBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

import org.junit.jupiter.params.ParameterizedTest;

/** The handlers driven by API Gateway v2 and EventBridge event fixtures, as Lambda delivers them. */
@ExtendWith(DynaliteServer.class)
class EventFixturesTest {
    private static TestBackend backend;

    @BeforeAll
    static void start(URI dynalite) {
        backend = TestBackend.create(dynalite, 1);
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    @ParameterizedTest
    @Event(value = "events/post-report.json", type = APIGatewayV2HTTPEvent.class)
    void plainBodyIsAcceptedThenDuplicate(APIGatewayV2HTTPEvent event) {
        TestBackend.withToken(event);
        APIGatewayV2HTTPResponse first = backend.ingest.handleRequest(event, null);
        APIGatewayV2HTTPResponse again = backend.ingest.handleRequest(event, null);

        assertThat(first.getStatusCode()).isEqualTo(202);
        assertThat(first.getBody()).isEqualTo("{\"accepted\":true,\"reportId\":\"0b1f3790-be06-42fd-9aaf-6ec4a380626b\"}");
        assertThat(again.getStatusCode()).isEqualTo(200);
        assertThat(again.getBody()).contains("\"duplicate\":true");
        // Neither the source IP nor the user agent of the fixture reaches storage.
        String stored = backend.scanReports().toString() + backend.scanStats();
        assertThat(stored).doesNotContain("198.51.100.77").doesNotContain("camsink/0.1.0");
    }

    @ParameterizedTest
    @Event(value = "events/post-report-base64.json", type = APIGatewayV2HTTPEvent.class)
    void base64BodyIsDecoded(APIGatewayV2HTTPEvent event) {
        TestBackend.withToken(event);
        APIGatewayV2HTTPResponse r = backend.ingest.handleRequest(event, null);
        assertThat(r.getStatusCode()).isEqualTo(202);
        assertThat(r.getBody()).isEqualTo("{\"accepted\":true,\"reportId\":\"dd1c84e4-4fa9-40d7-81ac-e0d9a2729d41\"}");
    }

    @ParameterizedTest
    @Event(value = "events/post-report-wrong-type.json", type = APIGatewayV2HTTPEvent.class)
    void wrongContentTypeIs415(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse r = backend.ingest.handleRequest(event, null);
        assertThat(r.getStatusCode()).isEqualTo(415);
        assertThat(r.getHeaders()).containsEntry("Content-Type", "application/json; charset=utf-8");
    }

    @ParameterizedTest
    @Event(value = "events/post-report-garbage-base64.json", type = APIGatewayV2HTTPEvent.class)
    void garbageBase64Is400(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse r = backend.ingest.handleRequest(event, null);
        assertThat(r.getStatusCode()).isEqualTo(400);
        assertThat(r.getBody()).isEqualTo("{\"error\":\"body is not valid base64\",\"path\":\"$\"}");
    }

    @ParameterizedTest
    @Event(value = "events/get-reports.json", type = APIGatewayV2HTTPEvent.class)
    void getOnReportsIs405(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse r = backend.ingest.handleRequest(event, null);
        assertThat(r.getStatusCode()).isEqualTo(405);
        assertThat(r.getHeaders()).containsEntry("Allow", "POST");
    }

    @ParameterizedTest
    @Event(value = "events/get-stats.json", type = APIGatewayV2HTTPEvent.class)
    void statsAnswerJsonWithCorsAndCache(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse r = backend.api.handleRequest(event, null);
        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(r.getHeaders())
                .containsEntry("Access-Control-Allow-Origin", "*")
                .containsEntry("Cache-Control", "public, max-age=300")
                .containsEntry("Content-Type", "application/json; charset=utf-8");
        assertThat(r.getBody()).startsWith("{\"country\":\"UA\",\"from\":\"2026-11-25\",\"to\":\"2026-11-26\","
                + "\"by\":[\"day\",\"list\"],\"k\":1,\"privacy\":{\"mechanism\":\"discrete Laplace\",\"epsilon\":1000,");
    }

    @ParameterizedTest
    @Event(value = "events/get-stats-csv.json", type = APIGatewayV2HTTPEvent.class)
    void statsAnswerCsvForAcceptTextCsv(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse r = backend.api.handleRequest(event, null);
        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(r.getHeaders().get("Content-Type")).startsWith("text/csv");
        assertThat(r.getBody()).startsWith(
                "day,list,installations,activeInstallations,exposureRate,clients,queries\r\n");
    }

    @ParameterizedTest
    @Event(value = "events/get-stats-bad.json", type = APIGatewayV2HTTPEvent.class)
    void badCountryIs400WithAClearMessage(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse r = backend.api.handleRequest(event, null);
        assertThat(r.getStatusCode()).isEqualTo(400);
        assertThat(r.getBody()).isEqualTo(
                "{\"error\":\"country must be two letters (ISO 3166-1 alpha-2), such as UA\"}");
    }

    @ParameterizedTest
    @Event(value = "events/get-lists.json", type = APIGatewayV2HTTPEvent.class)
    void listsDescribeTheCatalogue(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse r = backend.api.handleRequest(event, null);
        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(r.getBody()).contains("\"id\":\"trassir\"", "\"vendor\":\"DSSL\"", "\"action\":\"block\"");
    }

    @ParameterizedTest
    @Event(value = "events/delete-stats.json", type = APIGatewayV2HTTPEvent.class)
    void otherMethodsAre405(APIGatewayV2HTTPEvent event) {
        assertThat(backend.api.handleRequest(event, null).getStatusCode()).isEqualTo(405);
    }

    @ParameterizedTest
    @Event(value = "events/scheduled.json", type = ScheduledEvent.class)
    void scheduledRunAggregates(ScheduledEvent event) {
        Map<String, Object> result = backend.aggregate.handleRequest(event, null);
        assertThat(result).containsKeys("cells", "reports", "rows", "cleared", "open", "failed", "oversized", "millis");
    }
}

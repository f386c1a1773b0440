package org.camsink.lambda.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.camsink.lambda.testing.DynaliteServer;
import org.camsink.lambda.testing.GoldenReports;
import org.camsink.lambda.testing.TestBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and broken requests against the ingest handler: each gets its 4xx (never a 5xx, never an exception
 * text), and afterwards both tables are still empty. The golden invalid reports of the contract run too, each
 * answered 400 with the JSON path the contract names.
 */
@ExtendWith(DynaliteServer.class)
class HostileInputTest {
    private static final String VALID = new String(
            GoldenReports.folder("valid").get("2026-11-26-ua32-business-f.json"), StandardCharsets.UTF_8);
    private static TestBackend backend;

    @BeforeAll
    static void start(URI dynalite) {
        backend = TestBackend.create(dynalite, 1);
    }

    @AfterAll
    static void nothingWasStored() {
        try {
            assertThat(backend.scanReports()).isEmpty();
            assertThat(backend.scanStats()).isEmpty();
        } finally {
            backend.close();
        }
    }

    private static Arguments hostile(String name, int status, Consumer<APIGatewayV2HTTPEvent> change) {
        return Arguments.of(name, status, change);
    }

    private static Consumer<APIGatewayV2HTTPEvent> body(String body) {
        return e -> e.setBody(body);
    }

    private static Consumer<APIGatewayV2HTTPEvent> bytes(byte[] body) {
        return e -> {
            e.setBody(Base64.getEncoder().encodeToString(body));
            e.setIsBase64Encoded(true);
        };
    }

    private static Consumer<APIGatewayV2HTTPEvent> header(String name, String value) {
        return e -> {
            Map<String, String> h = new HashMap<>(e.getHeaders());
            if (value == null) {
                h.remove(name);
            } else {
                h.put(name, value);
            }
            e.setHeaders(h);
        };
    }

    private static Consumer<APIGatewayV2HTTPEvent> route(String method, String path) {
        return e -> {
            e.setRawPath(path);
            e.getRequestContext().getHttp().setMethod(method);
            e.getRequestContext().getHttp().setPath(path);
        };
    }

    private static String replace(String from, String to) {
        if (!VALID.contains(from)) {
            throw new IllegalArgumentException("fixture lacks " + from);
        }
        return VALID.replace(from, to);
    }

    static Stream<Arguments> cases() {
        String entry = "\"cloud.trassir.com\"";
        List<Arguments> c = new ArrayList<>();
        c.add(hostile("truncated JSON", 400, body(VALID.substring(0, VALID.length() / 2))));
        c.add(hostile("deep nesting", 400, body("[".repeat(30_000) + "]".repeat(30_000))));
        c.add(hostile("deep nesting inside a hit", 400, body(replace(entry, "{\"a\":".repeat(500) + "1" + "}".repeat(500)))));
        c.add(hostile("huge integer", 400, body(replace("\"queries\": 77", "\"queries\": 99999999999999999999999999999"))));
        c.add(hostile("huge exponent", 400, body(replace("\"queries\": 77", "\"queries\": 1e400"))));
        c.add(hostile("fractional count", 400, body(replace("\"queries\": 77", "\"queries\": 7.5"))));
        c.add(hostile("negative count", 400, body(replace("\"queries\": 77", "\"queries\": -1"))));
        c.add(hostile("count as string", 400, body(replace("\"queries\": 77", "\"queries\": \"77\""))));
        c.add(hostile("unknown root field", 400, body(replace("\"kind\"", "\"clientIp\": \"192.168.1.20\", \"kind\""))));
        c.add(hostile("unknown hit field", 400, body(replace("\"match\"", "\"hostname\": \"cam1.lan\", \"match\""))));
        c.add(hostile("IPv4 address as a qname entry", 400, body(replace(entry, "\"192.168.1.20\""))));
        c.add(hostile("private IPv4 /32 as an entry", 400, body(replace(entry, "\"192.168.1.20/32\""))));
        c.add(hostile("IPv6 address as an entry", 400, body(replace(entry, "\"fe80::1\""))));
        c.add(hostile("name with an embedded IP", 400, body(replace(entry, "\"10.0.0.7.cloud.trassir.com\""))));
        c.add(hostile("qname longer than 253", 400, body(replace(entry, "\"" + "a".repeat(60) + "." + "b".repeat(60) + "."
                + "c".repeat(60) + "." + "d".repeat(60) + "." + "e".repeat(20) + ".com\""))));
        c.add(hostile("label longer than 63", 400, body(replace(entry, "\"" + "a".repeat(64) + ".com\""))));
        c.add(hostile("oversized body", 413, body(VALID + " ".repeat(70_000))));
        c.add(hostile("oversized base64 body", 413, bytes((VALID + " ".repeat(70_000)).getBytes(StandardCharsets.UTF_8))));
        c.add(hostile("oversized Content-Length", 413, header("content-length", "10485760")));
        c.add(hostile("wrong content type", 415, header("content-type", "text/plain")));
        c.add(hostile("form content type", 415, header("content-type", "application/x-www-form-urlencoded")));
        c.add(hostile("no content type", 415, header("content-type", null)));
        c.add(hostile("JSON with a foreign charset", 415, header("content-type", "application/json; charset=iso-8859-1")));
        c.add(hostile("GET on the ingest path", 405, route("GET", "/v1/reports")));
        c.add(hostile("PUT on the ingest path", 405, route("PUT", "/v1/reports")));
        c.add(hostile("DELETE on the ingest path", 405, route("DELETE", "/v1/reports")));
        c.add(hostile("wrong path", 404, route("POST", "/v1/report")));
        c.add(hostile("path below the ingest path", 404, route("POST", "/v1/reports/123")));
        c.add(hostile("path traversal", 404, route("POST", "/v1/reports/../stats")));
        c.add(hostile("base64 garbage", 400, e -> {
            e.setBody("!!!not*base64!!!");
            e.setIsBase64Encoded(true);
        }));
        c.add(hostile("base64 of binary noise", 400, bytes(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0x80})));
        c.add(hostile("invalid UTF-8 in a string", 400,
                bytes(VALID.replace("cloud.trassir.com", "cloud.tr\u00ffssir.com").getBytes(StandardCharsets.ISO_8859_1))));
        c.add(hostile("empty body", 400, body("")));
        c.add(hostile("no body", 400, body(null)));
        c.add(hostile("JSON null", 400, body("null")));
        c.add(hostile("JSON array", 400, body("[" + VALID + "]")));
        c.add(hostile("JSON string", 400, body("\"report\"")));
        c.add(hostile("two reports in one body", 400, body(VALID + VALID)));
        c.add(hostile("comments", 400, body("/* hi */" + VALID)));
        c.add(hostile("duplicate key", 400, body(replace("\"kind\"", "\"day\": \"2026-11-25\", \"kind\""))));
        c.add(hostile("unknown schema version", 400, body(replace("camsink.report/1", "camsink.report/2"))));
        c.add(hostile("day far in the future", 400, body(replace("\"2026-11-26\"", "\"2030-01-01\""))));
        c.add(hostile("day long ago", 400, body(replace("\"2026-11-26\"", "\"2026-01-01\""))));
        c.add(hostile("region in lower case", 400, body(replace("\"UA-32\"", "\"ua-32\""))));
        c.add(hostile("region injected into the key", 400, body(replace("\"UA-32\"", "\"UA#2026\""))));
        c.add(hostile("control characters in version", 400, body(replace("\"version\": \"", "\"version\": \"\\u0000"))));
        c.add(hostile("too many hits", 400, body(replace("\"hits\": [", "\"hits\": [" + manyHits(501)))));
        return c.stream();
    }

    private static String manyHits(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("{\"list\": \"trassir\", \"entry\": \"n").append(i)
                    .append(".trassir.com\", \"match\": \"qname\", \"queries\": 1, \"clients\": 1},");
        }
        return sb.toString();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("cases")
    void hostileRequestGetsItsStatus(String name, int status, Consumer<APIGatewayV2HTTPEvent> change) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/post-report.json");
        change.accept(event);
        APIGatewayV2HTTPResponse r = backend.ingest.handleRequest(event, null);
        assertThat(r.getStatusCode()).as(name + ": " + r.getBody()).isEqualTo(status);
        assertThat(r.getBody()).startsWith("{\"error\":\"").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void thereAreAtLeastThirtyCases() {
        assertThat(cases().count()).isGreaterThanOrEqualTo(30);
    }

    @Test
    void goldenInvalidReportsGet400WithTheirPath() {
        Properties expected = GoldenReports.invalidPaths();
        Map<String, byte[]> files = GoldenReports.folder("invalid");
        assertThat(files).hasSizeGreaterThan(20);
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            APIGatewayV2HTTPResponse r = backend.post(f.getValue());
            assertThat(r.getStatusCode()).as(f.getKey() + ": " + r.getBody()).isIn(400, 413);
            String path = expected.getProperty(f.getKey());
            if (r.getStatusCode() == 400 && path != null) {
                assertThat(r.getBody()).as(f.getKey()).contains("\"path\":\"" + path.replace("\\", "\\\\") + "\"");
            }
        }
    }
}

package org.camsink.resolver.telemetry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;
import org.camsink.resolver.cli.Version;

/**
 * One POST of one report to {@code <endpoint>/v1/reports} with the JDK HttpClient, and what the answer means.
 * Sends only the report body, {@code Content-Type: application/json} and a {@code User-Agent} naming the camsink
 * version; no cookies, no redirects followed.
 */
final class Delivery {
    /** What to do with the spooled file after one attempt. */
    enum Verdict { ACCEPTED, DUPLICATE, RETRY, REJECTED }

    /**
     * @param status     the HTTP status, or 0 when no answer came
     * @param detail     a short line for logs and status (never the report)
     * @param retryAfter the server's Retry-After, or null
     */
    record Outcome(Verdict verdict, int status, String detail, Duration retryAfter) {}

    private static final Pattern DUPLICATE = Pattern.compile("\"duplicate\"\\s*:\\s*true");

    private final HttpClient client;
    private final URI target;
    private final Duration timeout;

    Delivery(URI endpoint, Duration timeout) {
        this.target = target(endpoint);
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** {@code endpoint} with {@code /v1/reports} appended to its path (a trailing slash is dropped first). */
    static URI target(URI endpoint) {
        String s = endpoint.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return URI.create(s + "/v1/reports");
    }

    URI target() {
        return target;
    }

    Outcome send(byte[] body) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "camsink/" + Version.current())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            return new Outcome(Verdict.RETRY, 0, "no answer from " + target.getHost() + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + shorten(e.getMessage())), null);
        }
        return classify(response.statusCode(), response.body(),
                response.headers().firstValue("Retry-After").map(Delivery::retryAfter).orElse(null));
    }

    static Outcome classify(int status, byte[] body, Duration retryAfter) {
        String text = body == null ? "" : new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
        if (status >= 200 && status < 300) {
            boolean duplicate = DUPLICATE.matcher(text).find();
            return new Outcome(duplicate ? Verdict.DUPLICATE : Verdict.ACCEPTED, status,
                    duplicate ? "already stored (duplicate)" : "accepted", null);
        }
        String detail = "HTTP " + status + (text.isBlank() ? "" : ": " + shorten(text));
        if (status == 408 || status == 429 || status >= 500 || status < 400) { // 1xx, 3xx: not an answer we act on
            return new Outcome(Verdict.RETRY, status, detail, retryAfter);
        }
        return new Outcome(Verdict.REJECTED, status, detail, null);
    }

    /** Seconds only; an HTTP date is ignored (backoff applies). */
    static Duration retryAfter(String value) {
        String v = value.trim();
        if (v.isEmpty() || v.length() > 9 || !v.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Duration.ofSeconds(Long.parseLong(v));
    }

    /** One printable line of at most 160 characters. */
    static String shorten(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 160; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : ' ');
        }
        return b.toString().trim();
    }
}

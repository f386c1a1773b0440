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
 *
 * <p>Only an answer that says the report itself is invalid (400, 413, 422) rejects it. Every other failure (404,
 * 401, 403, 405, 408, 429, 5xx, redirects, no answer) says something about the endpoint, not the report, so the
 * report stays in the spool and is sent again; {@link Outcome#why()} says what the owner can do about it.
 */
final class Delivery {
    /** What to do with the spooled file after one attempt. */
    enum Verdict { ACCEPTED, DUPLICATE, RETRY, REJECTED }

    /**
     * @param status     the HTTP status, or 0 when no answer came
     * @param detail     a short line for logs and status (never the report)
     * @param retryAfter the server's Retry-After, or null
     * @param why        for a retry: why the report is kept and what to check; null otherwise
     */
    record Outcome(Verdict verdict, int status, String detail, Duration retryAfter, String why) {}

    /** The path every report is posted to, under the endpoint. */
    static final String REPORTS_PATH = "/v1/reports";

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

    /**
     * Where reports go. {@code endpoint} may be the base URL ({@code https://x.example/prod}, which gets
     * {@code /v1/reports} appended) or already the full reports URL ({@code https://x.example/prod/v1/reports}, used
     * as it is). Trailing slashes are dropped first.
     */
    static URI target(URI endpoint) {
        String s = trimmed(endpoint);
        return URI.create(isFull(endpoint) ? s : s + REPORTS_PATH);
    }

    /** Whether {@code endpoint} already names the reports URL. */
    static boolean isFull(URI endpoint) {
        String path = endpoint.getRawPath();
        if (path == null) {
            return false;
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path.endsWith(REPORTS_PATH) && endpoint.getRawQuery() == null;
    }

    /** One line for the log: which URL is used, and why. */
    static String describe(URI endpoint) {
        return isFull(endpoint)
                ? "telemetry.endpoint " + endpoint + " is the full reports URL; reports are posted to " + target(endpoint)
                : "telemetry.endpoint " + endpoint + " is a base URL; reports are posted to " + target(endpoint);
    }

    private static String trimmed(URI endpoint) {
        String s = endpoint.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    URI target() {
        return target;
    }

    Outcome send(byte[] body) throws InterruptedException {
        return send(body, null);
    }

    /** With the report's Privacy Pass token as {@code Authorization: PrivateToken token=...} (none when null). */
    Outcome send(byte[] body, String authorization) throws InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(target)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "camsink/" + Version.current());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpRequest request = b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            return new Outcome(Verdict.RETRY, 0, "no answer from " + target.getHost() + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + shorten(e.getMessage())), null, why(0));
        }
        return classify(response.statusCode(), response.body(),
                response.headers().firstValue("Retry-After").map(Delivery::retryAfter).orElse(null));
    }

    static Outcome classify(int status, byte[] body, Duration retryAfter) {
        String text = body == null ? "" : new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
        if (status >= 200 && status < 300) {
            boolean duplicate = DUPLICATE.matcher(text).find();
            return new Outcome(duplicate ? Verdict.DUPLICATE : Verdict.ACCEPTED, status,
                    duplicate ? "already stored (duplicate)" : "accepted", null, null);
        }
        String detail = "HTTP " + status + (text.isBlank() ? "" : ": " + shorten(text));
        if (reportIsInvalid(status)) {
            return new Outcome(Verdict.REJECTED, status, detail, null, null);
        }
        return new Outcome(Verdict.RETRY, status, detail, retryAfter, why(status));
    }

    /** 400 Bad Request, 413 Content Too Large, 422 Unprocessable Content: the backend read the report and refused it. */
    static boolean reportIsInvalid(int status) {
        return status == 400 || status == 413 || status == 422;
    }

    /** Why a report that failed with {@code status} is kept, and what to check. */
    static String why(int status) {
        return switch (status) {
            case 0 -> "the endpoint did not answer; check the network and telemetry.endpoint";
            case 404, 405 -> "the endpoint has no reports API at this URL (HTTP " + status + "); check telemetry.endpoint "
                    + "(the base URL, or the full URL ending in " + REPORTS_PATH + ")";
            case 401, 403 -> "the endpoint refused access (HTTP " + status + "); check it is the right backend";
            case 408 -> "the endpoint timed out reading the report (HTTP 408)";
            case 429 -> "the endpoint asks to slow down (HTTP 429)";
            default -> {
                if (status >= 500) {
                    yield "the endpoint has a server error (HTTP " + status + ")";
                }
                if (status >= 300 && status < 400) {
                    yield "the endpoint redirects (HTTP " + status + "), and redirects are not followed; "
                            + "check telemetry.endpoint";
                }
                yield "the endpoint answered HTTP " + status + ", which does not say the report is invalid";
            }
        };
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

package org.camsink.resolver.telemetry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.function.IntSupplier;
import org.camsink.report.HitReport;
import org.camsink.report.ReportCodec;
import org.camsink.report.ReportException;

/**
 * A local stand-in for the backend's {@code POST /v1/reports} on 127.0.0.1 and an ephemeral port. It keeps every
 * byte it received (headers, path and body), dedupes by reportId like the real backend (200
 * {@code {"duplicate":true}} for a report it already stored), and answers with a status chosen per attempt.
 * Like the real HTTP API, any other path than {@code /v1/reports} is answered 404.
 */
public final class Receiver implements AutoCloseable {
    /** One request as received. */
    public record Attempt(long nanos, String method, String path, String headers, byte[] body, int status) {}

    private final HttpServer server;
    private final List<Attempt> attempts = new ArrayList<>();
    private final Set<String> stored = new LinkedHashSet<>();
    private final List<HitReport> reports = new ArrayList<>();
    private final List<String> invalid = new ArrayList<>();
    private final ReportCodec codec = new ReportCodec();
    private volatile IntSupplier status = () -> 202;

    public Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
    }

    /** The status for each following request that is not a duplicate (202, 503, 400, ...). */
    public void answer(IntSupplier next) {
        this.status = next;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange ex) throws IOException {
        if (ex.getRequestURI().getPath().endsWith("/v1/token-key") || ex.getRequestURI().getPath().endsWith("/v1/tokens")) {
            // No issuer here: the resolver sends its reports without a token, and this receiver takes them.
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
        }
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        StringBuilder headers = new StringBuilder();
        ex.getRequestHeaders().forEach((k, v) -> headers.append(k).append(": ").append(String.join(",", v)).append('\n'));
        int code;
        byte[] answer;
        synchronized (this) {
            boolean routed = "/v1/reports".equals(ex.getRequestURI().getPath());
            code = routed ? status.getAsInt() : 404;
            answer = routed ? new byte[0] : "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8);
            if (code >= 200 && code < 300) {
                try {
                    HitReport r = codec.decode(body);
                    if (!stored.add(r.reportId())) {
                        code = 200;
                        answer = "{\"duplicate\":true}".getBytes(StandardCharsets.UTF_8);
                    } else {
                        reports.add(r);
                    }
                } catch (ReportException e) {
                    invalid.add(e.getMessage());
                    code = 400;
                    answer = ("{\"error\":\"" + e.getMessage().replace("\"", "'") + "\"}").getBytes(StandardCharsets.UTF_8);
                }
            }
            attempts.add(new Attempt(System.nanoTime(), ex.getRequestMethod(), ex.getRequestURI().toString(),
                    headers.toString(), body, code));
        }
        ex.sendResponseHeaders(code, answer.length == 0 ? -1 : answer.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(answer);
        }
    }

    public synchronized List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    /** Reports stored once each, in arrival order. */
    public synchronized List<HitReport> reports() {
        return List.copyOf(reports);
    }

    public synchronized Set<String> storedIds() {
        return Set.copyOf(stored);
    }

    public synchronized List<String> invalid() {
        return List.copyOf(invalid);
    }

    /** Every byte received, as one string (ISO-8859-1, so any byte sequence survives). */
    public synchronized String everything() {
        StringBuilder b = new StringBuilder();
        for (Attempt a : attempts) {
            b.append(a.method()).append(' ').append(a.path()).append('\n').append(a.headers()).append('\n')
                    .append(new String(a.body(), StandardCharsets.ISO_8859_1)).append('\n');
        }
        return b.toString();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}

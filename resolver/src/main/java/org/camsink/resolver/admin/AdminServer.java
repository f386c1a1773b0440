package org.camsink.resolver.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.camsink.resolver.net.HostPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP server (JDK {@code com.sun.net.httpserver}). It binds only the configured admin address and
 * answers GET and HEAD; everything else is 405. Routes:
 * {@code /} (status page), {@code /api/status}, {@code /api/devices}, {@code /api/candidates}, {@code /api/lists}, {@code /api/upstreams},
 * {@code /api/telemetry}, {@code /api/telemetry/preview}, {@code /metrics}, {@code /health}, and the page's own
 * {@code /admin.css} and {@code /admin.js}.
 *
 * <p>Hostile clients: every exchange runs on its own virtual thread, so a client that sends half a request holds
 * only its own thread, never the page. The JDK server's own limits bound the rest (set before the first server of
 * the JVM starts, unless given on the command line; {@link #LIMITS}): a request line, headers and body must arrive
 * within {@link #MAX_REQUEST_SECONDS}, a response be taken within {@link #MAX_RESPONSE_SECONDS}, at most
 * {@link #MAX_CONNECTIONS} connections are open, headers are limited in number and size, and a request body, which
 * no route reads, is refused with 413 above {@link #MAX_BODY_BYTES} and otherwise drained and dropped.
 */
public final class AdminServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    private static final Map<String, String> ASSETS = Map.of(
            "/admin.css", "text/css; charset=utf-8",
            "/admin.js", "text/javascript; charset=utf-8");
    private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    static final int MAX_REQUEST_SECONDS = 10;
    static final int MAX_RESPONSE_SECONDS = 30;
    static final int MAX_CONNECTIONS = 64;
    static final int MAX_BODY_BYTES = 16 * 1024;
    /** The JDK server's limits ({@code sun.net.httpserver.ServerConfig}), read once when its first server starts. */
    static final Map<String, String> LIMITS = Map.of(
            "sun.net.httpserver.maxReqTime", String.valueOf(MAX_REQUEST_SECONDS),
            "sun.net.httpserver.maxRspTime", String.valueOf(MAX_RESPONSE_SECONDS),
            "jdk.httpserver.maxConnections", String.valueOf(MAX_CONNECTIONS),
            "sun.net.httpserver.maxReqHeaders", "64",
            "sun.net.httpserver.maxReqHeaderSize", String.valueOf(32 * 1024),
            "sun.net.httpserver.drainAmount", String.valueOf(MAX_BODY_BYTES));

    static {
        LIMITS.forEach((key, value) -> {
            if (System.getProperty(key) == null) {
                System.setProperty(key, value);
            }
        });
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final AdminData data;
    private final StatusPage page = new StatusPage();
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AdminServer(HttpServer server, ExecutorService executor, AdminData data) {
        this.server = server;
        this.executor = executor;
        this.data = data;
    }

    /** Binds {@code listen} (port 0 picks a free port) and starts serving. */
    static AdminServer start(HostPort listen, AdminData data) throws IOException {
        HttpServer server = HttpServer.create(listen.socketAddress(), 16);
        ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("camsink-admin-", 1).factory());
        AdminServer admin = new AdminServer(server, executor, data);
        server.createContext("/", admin::handle);
        server.setExecutor(executor);
        server.start();
        LOG.info("admin page on http://{}/", new HostPort(server.getAddress().getAddress(), server.getAddress().getPort()));
        return admin;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            boolean head = "HEAD".equals(method);
            if (tooLarge(ex)) {
                ex.getResponseHeaders().set("Connection", "close");
                send(ex, 413, "text/plain; charset=utf-8", bytes("request body too large\n"), head);
                return;
            }
            if (!"GET".equals(method) && !head) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                send(ex, 405, "text/plain; charset=utf-8", bytes("method not allowed: only GET\n"), head);
                return;
            }
            if (!HostCheck.allowed(ex.getRequestHeaders().getFirst("Host"))) {
                send(ex, 421, "text/plain; charset=utf-8",
                        bytes("this admin page answers only to IP addresses and local names\n"), head);
                return;
            }
            String path = ex.getRequestURI().getRawPath();
            route(ex, path, head);
        } catch (RuntimeException e) {
            LOG.warn("admin request {} failed: {}", ex.getRequestURI(), e.toString());
            try {
                send(ex, 500, "text/plain; charset=utf-8", bytes("internal error\n"), false);
            } catch (IOException | RuntimeException ignored) {
                // the response may already be under way; the exchange is closed either way
            }
        }
    }

    /** A body longer than {@link #MAX_BODY_BYTES}, or one of unknown length (chunked); no route reads bodies. */
    private static boolean tooLarge(HttpExchange ex) {
        var h = ex.getRequestHeaders();
        if (h.containsKey("Transfer-Encoding")) {
            return true;
        }
        String length = h.getFirst("Content-Length");
        if (length == null) {
            return false;
        }
        try {
            return Long.parseLong(length.trim()) > MAX_BODY_BYTES;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private void route(HttpExchange ex, String path, boolean head) throws IOException {
        switch (path) {
            case "/", "/index.html" -> send(ex, 200, "text/html; charset=utf-8", bytes(page.render(data)), head);
            case "/health" -> send(ex, 200, "text/plain; charset=utf-8", bytes("ok\n"), head);
            case "/metrics" -> send(ex, 200, PrometheusWriter.CONTENT_TYPE, bytes(MetricsExposition.render(data)), head);
            case "/api/status" -> sendJson(ex, data.status(), head);
            case "/api/devices" -> sendJson(ex, data.devices(), head);
            case "/api/candidates" -> sendJson(ex, data.candidates(), head);
            case "/api/lists" -> sendJson(ex, data.lists(), head);
            case "/api/upstreams" -> sendJson(ex, data.upstreams(), head);
            case "/api/telemetry" -> sendJson(ex, data.telemetry(), head);
            case "/api/telemetry/preview" -> {
                byte[] preview = data.telemetryPreview();
                if (preview == null) {
                    String why = data.telemetryStatus().enabled() ? "no report is being prepared yet" : "telemetry is off";
                    send(ex, 404, "application/json", bytes("{\"error\":\"" + why + "\"}\n"), head);
                } else {
                    send(ex, 200, "application/json", preview, head);
                }
            }
            default -> {
                String type = ASSETS.get(path);
                if (type == null) {
                    send(ex, 404, "text/plain; charset=utf-8", bytes("not found\n"), head);
                } else {
                    send(ex, 200, type, asset(path), head);
                }
            }
        }
    }

    private static byte[] asset(String path) {
        try (InputStream in = AdminServer.class.getResourceAsStream("/camsink/admin" + path)) {
            if (in == null) {
                throw new IllegalStateException("camsink/admin" + path + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void sendJson(HttpExchange ex, Object body, boolean head) throws IOException {
        send(ex, 200, "application/json", json.writeValueAsBytes(body), head);
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body, boolean head) throws IOException {
        var h = ex.getResponseHeaders();
        h.set("Content-Type", type);
        h.set("Cache-Control", "no-store");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Frame-Options", "DENY");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Content-Security-Policy", CSP);
        h.set("Cross-Origin-Resource-Policy", "same-origin");
        if (head) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

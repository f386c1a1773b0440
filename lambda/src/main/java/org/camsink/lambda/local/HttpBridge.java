package org.camsink.lambda.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.camsink.lambda.handler.IngestHandler;
import org.camsink.lambda.handler.TokenHandler;

/**
 * Turns an HTTP exchange into the API Gateway HTTP API (v2) event that Lambda would receive, calls the handler,
 * and writes its response back. Bodies are read up to just over the ingest limit, so an oversized body still
 * reaches the handler as oversized (and gets its 413) without filling memory.
 */
final class HttpBridge implements HttpHandler {
    static final int READ_LIMIT = IngestHandler.MAX_BODY_BYTES + 1;

    private final Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> ingest;
    private final Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> api;
    private final Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> tokens;
    private final Consumer<Integer> afterIngest;

    HttpBridge(Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> ingest,
               Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> api,
               Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> tokens, Consumer<Integer> afterIngest) {
        this.ingest = ingest;
        this.api = api;
        this.tokens = tokens;
        this.afterIngest = afterIngest;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            APIGatewayV2HTTPEvent event = toEvent(exchange);
            boolean isIngest = event.getRawPath().equals(IngestHandler.PATH);
            APIGatewayV2HTTPResponse response = isIngest ? ingest.apply(event)
                    : TokenHandler.serves(event.getRawPath()) ? tokens.apply(event) : api.apply(event);
            if (isIngest) {
                afterIngest.accept(response.getStatusCode());
            }
            write(exchange, response);
        }
    }

    static APIGatewayV2HTTPEvent toEvent(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String rawPath = exchange.getRequestURI().getRawPath();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(READ_LIMIT);
        }
        String contentType = headers.getOrDefault("content-type", "").toLowerCase(Locale.ROOT);
        boolean text = contentType.startsWith("text/") || contentType.contains("json")
                || contentType.contains("x-www-form-urlencoded");
        APIGatewayV2HTTPEvent.RequestContext.Http http = APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                .withMethod(method).withPath(decode(rawPath)).withProtocol(exchange.getProtocol())
                .withSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress()).build();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(method + " " + rawPath)
                .withRawPath(rawPath)
                .withRawQueryString(rawQuery == null ? "" : rawQuery)
                .withHeaders(headers)
                .withQueryStringParameters(rawQuery == null ? null : parseQuery(rawQuery))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withHttp(http).build())
                .withBody(body.length == 0 ? null
                        : text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(body.length > 0 && !text)
                .build();
    }

    /** As API Gateway does: decoded names and values, repeated names joined with commas. */
    static Map<String, String> parseQuery(String raw) {
        Map<String, String> out = new HashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.merge(name, value, (a, b) -> a + "," + b);
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private static void write(HttpExchange exchange, APIGatewayV2HTTPResponse response) throws IOException {
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((k, v) -> exchange.getResponseHeaders().put(k, List.of(v)));
        }
        String body = response.getBody();
        byte[] bytes = body == null ? new byte[0]
                : response.getIsBase64Encoded() ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
        int status = response.getStatusCode();
        boolean noBody = status == 204 || status == 304 || exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        exchange.sendResponseHeaders(status, noBody ? -1 : bytes.length == 0 ? -1 : bytes.length);
        if (!noBody && bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}

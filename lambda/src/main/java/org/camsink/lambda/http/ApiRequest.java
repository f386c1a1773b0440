package org.camsink.lambda.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of an API Gateway HTTP API (v2) event that the handlers use, with header names in lower case.
 *
 * @param query    the query parameters; API Gateway joins repeated ones with commas
 * @param sourceIp the caller's address as API Gateway saw it; only the token issuer reads it (to count per block)
 */
public record ApiRequest(String method, String path, Map<String, String> headers, Map<String, String> query,
                         String body, boolean base64, String sourceIp) {

    public static ApiRequest from(APIGatewayV2HTTPEvent event) {
        String method = null;
        String sourceIp = null;
        String path = event.getRawPath();
        if (event.getRequestContext() != null && event.getRequestContext().getHttp() != null) {
            method = event.getRequestContext().getHttp().getMethod();
            sourceIp = event.getRequestContext().getHttp().getSourceIp();
            if (path == null) {
                path = event.getRequestContext().getHttp().getPath();
            }
        }
        Map<String, String> headers = new HashMap<>();
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((k, v) -> {
                if (k != null && v != null) {
                    headers.merge(k.toLowerCase(Locale.ROOT), v, (a, b) -> a + "," + b);
                }
            });
        }
        Map<String, String> query = event.getQueryStringParameters() == null
                ? Map.of() : Map.copyOf(withoutNulls(event.getQueryStringParameters()));
        return new ApiRequest(method == null ? "" : method.toUpperCase(Locale.ROOT), path == null ? "/" : path,
                headers, query, event.getBody(), event.getIsBase64Encoded(), sourceIp);
    }

    private static Map<String, String> withoutNulls(Map<String, String> in) {
        Map<String, String> out = new HashMap<>();
        in.forEach((k, v) -> {
            if (k != null) {
                out.put(k, v == null ? "" : v);
            }
        });
        return out;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The body's bytes; empty when there is none. Throws {@link IllegalArgumentException} for bad base64. */
    public byte[] bodyBytes() {
        if (body == null) {
            return new byte[0];
        }
        return base64 ? Base64.getMimeDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
    }
}

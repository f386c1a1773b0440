package org.camsink.lambda.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** A response under construction; {@link #toEvent()} turns it into the API Gateway v2 shape. */
public final class ApiResponse {
    public static final String JSON = "application/json; charset=utf-8";

    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final byte[] body;
    private final boolean binary;

    private ApiResponse(int status, String contentType, byte[] body, boolean binary) {
        this.status = status;
        this.body = body;
        this.binary = binary;
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        headers.put("X-Content-Type-Options", "nosniff");
    }

    public static ApiResponse json(int status, ObjectNode node) {
        return new ApiResponse(status, JSON, Json.bytes(node), false);
    }

    public static ApiResponse text(int status, String contentType, String text) {
        return new ApiResponse(status, contentType, text.getBytes(StandardCharsets.UTF_8), false);
    }

    public static ApiResponse bytes(int status, String contentType, byte[] body, boolean binary) {
        return new ApiResponse(status, contentType, body, binary);
    }

    /** {@code {"error": message}}, plus {@code "path"} when given. Messages are ours, never an exception's. */
    public static ApiResponse error(int status, String message, String path) {
        ObjectNode node = Json.object().put("error", message);
        if (path != null) {
            node.put("path", path);
        }
        return json(status, node).header("Cache-Control", "no-store");
    }

    public static ApiResponse error(int status, String message) {
        return error(status, message, null);
    }

    public static ApiResponse notFound() {
        return error(404, "not found");
    }

    public static ApiResponse methodNotAllowed(String allow) {
        return error(405, "method not allowed; use " + allow).header("Allow", allow);
    }

    public ApiResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Access-Control-Allow-Origin: * for the public read API. */
    public ApiResponse cors() {
        return header("Access-Control-Allow-Origin", "*");
    }

    public int status() {
        return status;
    }

    public APIGatewayV2HTTPResponse toEvent() {
        APIGatewayV2HTTPResponse r = new APIGatewayV2HTTPResponse();
        r.setStatusCode(status);
        r.setHeaders(new LinkedHashMap<>(headers));
        if (binary) {
            r.setBody(Base64.getEncoder().encodeToString(body));
            r.setIsBase64Encoded(true);
        } else {
            r.setBody(new String(body, StandardCharsets.UTF_8));
            r.setIsBase64Encoded(false);
        }
        return r;
    }
}

package org.camsink.infra;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A stand-in for the Lambda Java runtime, run in a child JVM whose class path is the deployed jar plus this class
 * and whose environment is the one the template gives the function: it instantiates the handler through its
 * no-arg constructor, as Lambda does, and invokes it once per argument. Arguments: the handler class, then
 * requests as {@code POST /path @bodyfile} (with the {@code Authorization} value in {@code bodyfile.auth}, when
 * that file exists; a {@code .bin} file is sent base64 as a token request), {@code GET /path?query} or
 * {@code SCHEDULE}. Prints one line per
 * request: the HTTP status, or the returned value.
 */
public final class LambdaInvoker {
    private LambdaInvoker() {
    }

    public static void main(String[] args) throws Exception {
        Object handler = Class.forName(args[0]).getConstructor().newInstance();
        Method handle = Arrays.stream(handler.getClass().getMethods())
                .filter(m -> m.getName().equals("handleRequest") && !m.isBridge() && m.getParameterCount() == 2)
                .findFirst().orElseThrow();
        for (int i = 1; i < args.length; i++) {
            String[] parts = args[i].split(" ", 3);
            Object event = parts[0].equals("SCHEDULE") ? scheduled() : http(parts);
            Object result = handle.invoke(handler, event, null);
            System.out.println(result instanceof APIGatewayV2HTTPResponse r ? Integer.toString(r.getStatusCode())
                    : String.valueOf(result));
        }
    }

    private static ScheduledEvent scheduled() {
        ScheduledEvent e = new ScheduledEvent();
        e.setSource("aws.events");
        e.setDetailType("Scheduled Event");
        return e;
    }

    private static APIGatewayV2HTTPEvent http(String[] parts) throws Exception {
        String method = parts[0];
        String path = parts[1];
        String query = "";
        if (path.contains("?")) {
            query = path.substring(path.indexOf('?') + 1);
            path = path.substring(0, path.indexOf('?'));
        }
        Map<String, String> params = new HashMap<>();
        for (String pair : query.split("&")) {
            if (!pair.isEmpty()) {
                params.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        Map<String, String> headers = new HashMap<>();
        String body = null;
        boolean binary = false;
        if (parts.length > 2 && parts[2].startsWith("@")) {
            Path file = Path.of(parts[2].substring(1));
            binary = file.toString().endsWith(".bin");
            body = binary ? java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(file)) : Files.readString(file);
            headers.put("content-type", binary ? "application/private-token-request" : "application/json");
            Path auth = Path.of(parts[2].substring(1) + ".auth");
            if (Files.exists(auth)) {
                headers.put("authorization", Files.readString(auth).trim());
            }
        }
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(method + " " + path)
                .withRawPath(path)
                .withRawQueryString(query)
                .withQueryStringParameters(params.isEmpty() ? null : params)
                .withHeaders(headers)
                .withBody(body)
                .withIsBase64Encoded(binary)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method).withPath(path).withSourceIp("198.51.100.1").build())
                        .build())
                .build();
    }
}

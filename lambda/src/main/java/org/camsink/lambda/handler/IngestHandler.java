package org.camsink.lambda.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import org.camsink.lambda.config.BackendConfig;
import org.camsink.lambda.http.ApiRequest;
import org.camsink.lambda.http.ApiResponse;
import org.camsink.lambda.http.Json;
import org.camsink.lambda.ingest.IngestOutcome;
import org.camsink.lambda.ingest.IngestService;
import org.camsink.lambda.token.Issuer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code POST /v1/reports}. Checks the envelope (path, method, content type, size, encoding), hands the bytes to
 * {@link IngestService} with the {@code Authorization} header (the Privacy Pass token) and maps its outcome to a
 * status. Never reads or stores the source IP or user agent.
 */
public final class IngestHandler extends PrimedHandler
        implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    public static final String PATH = "/v1/reports";
    public static final int MAX_BODY_BYTES = 64 * 1024;
    private static final int MAX_BASE64_CHARS = (MAX_BODY_BYTES / 3 + 1) * 4 + 1024;
    private static final Logger LOG = LoggerFactory.getLogger(IngestHandler.class);

    private final IngestService service;

    /** For the Lambda runtime: configuration from the environment, clients built now (at init). */
    public IngestHandler() {
        this(runtimeConfig());
        registerForSnapshot();
    }

    private IngestHandler(BackendConfig config) {
        this(config, runtimeIssuer(config), runtimeClient(config), Clock.systemUTC());
    }

    /** Over a given client and issuer, for tests and the local runner. */
    public IngestHandler(BackendConfig config, Issuer issuer, DynamoDbClient dynamo, Clock clock) {
        this(Backend.ingest(config, issuer, dynamo, clock), Priming.ingest(config, dynamo));
    }

    public IngestHandler(IngestService service, Priming priming) {
        super(priming);
        this.service = service;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return handle(ApiRequest.from(event)).toEvent();
    }

    ApiResponse handle(ApiRequest request) {
        return writeRoute(LOG, "ingest", () -> route(request));
    }

    private ApiResponse route(ApiRequest request) {
        if (!PATH.equals(request.path())) {
            return ApiResponse.notFound();
        }
        if (!"POST".equals(request.method())) {
            return ApiResponse.methodNotAllowed("POST");
        }
        String type = request.header("content-type").orElse("");
        if (!isJson(type)) {
            return ApiResponse.error(415, "Content-Type must be application/json");
        }
        if (declaredLength(request) > MAX_BODY_BYTES || encodedTooLong(request)) {
            return tooLarge();
        }
        byte[] body;
        try {
            body = request.bodyBytes();
        } catch (IllegalArgumentException e) {
            return ApiResponse.error(400, "body is not valid base64", "$");
        }
        if (body.length > MAX_BODY_BYTES) {
            return tooLarge();
        }
        return switch (service.ingest(body, request.header("authorization").orElse(null))) {
            case IngestOutcome.Accepted a ->
                    ApiResponse.json(202, Json.object().put("accepted", true).put("reportId", a.reportId()));
            case IngestOutcome.Duplicate d ->
                    ApiResponse.json(200, Json.object().put("duplicate", true).put("reportId", d.reportId()));
            case IngestOutcome.Invalid i -> ApiResponse.error(400, i.reason(), i.path());
            case IngestOutcome.Unauthorized u -> ApiResponse.error(401, u.reason())
                    .header("WWW-Authenticate", service.wwwAuthenticate());
            case IngestOutcome.OverCap o ->
                    ApiResponse.error(429, "daily report limit reached for this installation; retry tomorrow (UTC)")
                            .header("Retry-After", Long.toString(o.retryAfterSeconds()));
        };
    }

    private static ApiResponse tooLarge() {
        return ApiResponse.error(413, "body larger than " + MAX_BODY_BYTES + " bytes");
    }

    /**
     * Refuses a body before decoding it when its text alone is surely over the limit: a plain body has at least as
     * many UTF-8 bytes as chars; base64 gives 3 bytes per 4 chars, with slack for the line breaks MIME allows.
     */
    private static boolean encodedTooLong(ApiRequest request) {
        String body = request.body();
        return body != null && body.length() > (request.base64() ? MAX_BASE64_CHARS : MAX_BODY_BYTES);
    }

    private static long declaredLength(ApiRequest request) {
        String value = request.header("content-length").orElse("").trim();
        if (value.isEmpty()) {
            return -1;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** {@code application/json}, optionally with {@code charset=utf-8}; any other charset is refused. */
    static boolean isJson(String contentType) {
        String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
        if (!parts[0].trim().equals("application/json")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim().replace("\"", "");
            if (p.startsWith("charset=") && !p.substring(8).trim().equals(StandardCharsets.UTF_8.name().toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        return true;
    }
}

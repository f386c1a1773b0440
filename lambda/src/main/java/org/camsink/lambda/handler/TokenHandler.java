package org.camsink.lambda.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Clock;
import java.util.Locale;
import org.camsink.lambda.config.BackendConfig;
import org.camsink.lambda.http.ApiRequest;
import org.camsink.lambda.http.ApiResponse;
import org.camsink.lambda.token.Issuer;
import org.camsink.lambda.token.IssuerService;
import org.camsink.report.token.TokenRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The Privacy Pass issuer: {@code GET /v1/token-key} (the issuer directory: request path, the key that signs now,
 * the challenge) and {@code POST /v1/tokens} (one blinded TokenRequest in, one TokenResponse out, RFC 9578
 * section 6). Reads the source address only to count issuance per address block; never logs or stores it.
 */
public final class TokenHandler extends PrimedHandler
        implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    public static final String KEY_PATH = "/v1/token-key";
    private static final Logger LOG = LoggerFactory.getLogger(TokenHandler.class);

    private final IssuerService service;

    /** For the Lambda runtime: configuration and keys from the environment, clients built now (at init). */
    public TokenHandler() {
        this(runtimeConfig());
        registerForSnapshot();
    }

    private TokenHandler(BackendConfig config) {
        this(config, runtimeIssuer(config), runtimeClient(config), Clock.systemUTC());
    }

    public TokenHandler(BackendConfig config, Issuer issuer, DynamoDbClient dynamo, Clock clock) {
        this(Backend.issuer(config, issuer, dynamo, clock), Priming.query(config, dynamo));
    }

    public TokenHandler(IssuerService service, Priming priming) {
        super(priming);
        this.service = service;
    }

    /** Whether a path is one of this handler's (the local runner routes by it). */
    public static boolean serves(String path) {
        return KEY_PATH.equals(path) || IssuerService.REQUEST_PATH.equals(path);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return handle(ApiRequest.from(event)).toEvent();
    }

    ApiResponse handle(ApiRequest request) {
        return writeRoute(LOG, "the token issuer", () -> route(request));
    }

    private ApiResponse route(ApiRequest request) {
        if (KEY_PATH.equals(request.path())) {
            return request.method().equals("GET") ? ApiResponse.json(200, service.directory())
                    : ApiResponse.methodNotAllowed("GET");
        }
        if (!IssuerService.REQUEST_PATH.equals(request.path())) {
            return ApiResponse.notFound();
        }
        if (!request.method().equals("POST")) {
            return ApiResponse.methodNotAllowed("POST");
        }
        String type = request.header("content-type").orElse("").split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!type.equals(TokenRequest.MEDIA_TYPE)) {
            return ApiResponse.error(415, "Content-Type must be " + TokenRequest.MEDIA_TYPE);
        }
        String body = request.body();
        if (body != null && body.length() > 4 * TokenRequest.LENGTH) {
            return ApiResponse.error(413, "a token request is " + TokenRequest.LENGTH + " bytes");
        }
        byte[] bytes;
        try {
            bytes = request.bodyBytes();
        } catch (IllegalArgumentException e) {
            return ApiResponse.error(400, "body is not valid base64");
        }
        return switch (service.issue(bytes, request.sourceIp())) {
            case IssuerService.Outcome.Issued i ->
                    ApiResponse.bytes(200, TokenRequest.RESPONSE_MEDIA_TYPE, i.blindSignature(), true);
            case IssuerService.Outcome.Unprocessable u -> ApiResponse.error(422, u.reason());
            case IssuerService.Outcome.OverLimit o ->
                    ApiResponse.error(429, "daily token limit reached for this address block; retry tomorrow (UTC)")
                            .header("Retry-After", Long.toString(o.retryAfterSeconds()));
            case IssuerService.Outcome.NoSource n -> ApiResponse.error(403, "source address unknown");
        };
    }
}

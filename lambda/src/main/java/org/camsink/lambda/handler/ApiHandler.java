package org.camsink.lambda.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Clock;
import org.camsink.lambda.candidates.CandidateQuery;
import org.camsink.lambda.candidates.CandidateService;
import org.camsink.lambda.config.BackendConfig;
import org.camsink.lambda.http.ApiRequest;
import org.camsink.lambda.http.ApiResponse;
import org.camsink.lambda.http.StaticAssets;
import org.camsink.lambda.lists.ListsCatalogue;
import org.camsink.lambda.stats.StatsFormat;
import org.camsink.lambda.stats.StatsQuery;
import org.camsink.lambda.stats.StatsResult;
import org.camsink.lambda.stats.StatsService;
import org.camsink.lambda.store.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The public read API: {@code GET /v1/stats}, {@code GET /v1/candidates}, {@code GET /v1/lists}, the dashboard at
 * {@code /} and its assets.
 */
public final class ApiHandler extends PrimedHandler
        implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final String API_CACHE = "public, max-age=300";

    private final StatsService stats;
    private final CandidateService candidates;
    private final ListsCatalogue lists;
    private final StaticAssets assets;
    private final Clock clock;

    /** For the Lambda runtime: configuration from the environment, clients built now (at init). */
    public ApiHandler() {
        this(runtimeConfig());
        registerForSnapshot();
    }

    private ApiHandler(BackendConfig config) {
        this(config, runtimeClient(config));
    }

    /** Over a given client, for tests and the local runner. */
    public ApiHandler(BackendConfig config, DynamoDbClient dynamo) {
        this(config, dynamo, Clock.systemUTC());
    }

    public ApiHandler(BackendConfig config, DynamoDbClient dynamo, Clock clock) {
        this(Backend.stats(config, dynamo), Backend.candidates(config, dynamo), ListsCatalogue.builtins(),
                new StaticAssets("/dashboard/"), clock, Priming.query(config, dynamo));
    }

    public ApiHandler(StatsService stats, CandidateService candidates, ListsCatalogue lists, StaticAssets assets,
                      Clock clock, Priming priming) {
        super(priming);
        this.stats = stats;
        this.candidates = candidates;
        this.lists = lists;
        this.assets = assets;
        this.clock = clock;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return handle(ApiRequest.from(event)).toEvent();
    }

    ApiResponse handle(ApiRequest request) {
        try {
            return route(request);
        } catch (StorageException e) {
            LOG.error("storage failure in the read API", e);
            return ApiResponse.error(503, "storage temporarily unavailable; retry later").header("Retry-After", "30")
                    .cors();
        } catch (RuntimeException e) {
            LOG.error("unexpected failure in the read API", e);
            return ApiResponse.error(500, "internal error").cors();
        }
    }

    private ApiResponse route(ApiRequest request) {
        String path = request.path();
        boolean known = path.equals("/") || path.equals("/v1/stats") || path.equals("/v1/lists")
                || path.equals("/v1/candidates")
                || path.startsWith("/assets/");
        if (!known) {
            return ApiResponse.notFound();
        }
        if (request.method().equals("OPTIONS")) {
            return ApiResponse.bytes(204, null, new byte[0], false).cors()
                    .header("Access-Control-Allow-Methods", "GET, OPTIONS")
                    .header("Access-Control-Allow-Headers", "Accept")
                    .header("Access-Control-Max-Age", "86400");
        }
        if (!request.method().equals("GET")) {
            return ApiResponse.methodNotAllowed("GET");
        }
        return switch (path) {
            case "/" -> assets.index();
            case "/v1/lists" -> ApiResponse.bytes(200, ApiResponse.JSON, lists.json(), false).cors()
                    .header("Cache-Control", API_CACHE);
            case "/v1/stats" -> stats(request);
            case "/v1/candidates" -> candidates(request);
            default -> assets.asset(path.substring("/assets/".length()));
        };
    }

    private ApiResponse candidates(ApiRequest request) {
        CandidateQuery query;
        try {
            query = CandidateQuery.parse(request.query(), clock);
        } catch (CandidateQuery.BadQuery e) {
            return ApiResponse.error(400, e.getMessage()).cors();
        }
        return ApiResponse.json(200, candidates.json(query)).cors().header("Cache-Control", API_CACHE);
    }

    private ApiResponse stats(ApiRequest request) {
        StatsQuery query;
        try {
            query = StatsQuery.parse(request.query(), request.header("accept").orElse(null), clock);
        } catch (StatsQuery.BadQuery e) {
            return ApiResponse.error(400, e.getMessage()).cors();
        }
        StatsResult result = stats.query(query);
        ApiResponse response = query.csv()
                ? ApiResponse.text(200, "text/csv; charset=utf-8; header=present", StatsFormat.csv(result))
                        .header("Content-Disposition", "attachment; filename=\"camsink-" + query.country() + "-"
                                + query.from() + "-" + query.to() + ".csv\"")
                : ApiResponse.json(200, StatsFormat.json(result));
        return response.cors().header("Cache-Control", API_CACHE).header("Vary", "Accept");
    }
}

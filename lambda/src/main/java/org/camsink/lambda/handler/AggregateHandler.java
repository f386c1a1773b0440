package org.camsink.lambda.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camsink.lambda.aggregate.AggregationService;
import org.camsink.lambda.config.BackendConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The scheduled aggregation run. A failing or oversized cell does not fail the run (it is counted in the EMF
 * metrics line, which the template's alarm watches, and retried next run); a failure to list the dirty cells
 * propagates, so the invocation counts as an error and that alarm fires.
 */
public final class AggregateHandler extends PrimedHandler
        implements RequestHandler<ScheduledEvent, Map<String, Object>> {
    private static final Logger LOG = LoggerFactory.getLogger(AggregateHandler.class);

    private final AggregationService service;

    /** For the Lambda runtime. */
    public AggregateHandler() {
        this(runtimeConfig());
        registerForSnapshot();
    }

    private AggregateHandler(BackendConfig config) {
        this(config, runtimeClient(config));
    }

    /** Over a given client, for tests and the local runner. */
    public AggregateHandler(BackendConfig config, DynamoDbClient dynamo) {
        this(config, dynamo, Clock.systemUTC());
    }

    public AggregateHandler(BackendConfig config, DynamoDbClient dynamo, Clock clock) {
        this(Backend.aggregation(config, dynamo, clock), Priming.query(config, dynamo));
    }

    public AggregateHandler(AggregationService service, Priming priming) {
        super(priming);
        this.service = service;
    }

    @Override
    public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
        AggregationService.RunResult r = service.run();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cells", r.cells());
        out.put("reports", r.reports());
        out.put("rows", r.rows());
        out.put("cleared", r.cleared());
        out.put("open", r.open());
        out.put("failed", r.failed());
        out.put("oversized", r.oversized());
        out.put("millis", r.millis());
        LOG.info("aggregation: {}", out);
        // stdout, one line, nothing before it: what CloudWatch reads as embedded metrics
        System.out.println(RunMetrics.emf(r, System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "local"),
                System.currentTimeMillis()));
        return out;
    }
}

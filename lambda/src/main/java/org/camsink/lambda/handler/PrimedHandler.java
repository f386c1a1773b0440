package org.camsink.lambda.handler;

import org.camsink.lambda.config.BackendConfig;
import org.camsink.lambda.store.dynamo.DynamoClients;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What the three handlers share for SnapStart: their {@link Priming} runs before the snapshot, nothing needs
 * refreshing after a restore (the SDK client re-opens connections on demand). The runtime-only helpers build the
 * configuration and client from the environment and register the handler with the CRaC context.
 */
public abstract class PrimedHandler implements Resource {
    private final Priming priming;

    PrimedHandler(Priming priming) {
        this.priming = priming;
    }

    /** Configuration from the Lambda environment. */
    static BackendConfig runtimeConfig() {
        return BackendConfig.fromEnv(System.getenv());
    }

    /** The issuer settings and key ring from the Lambda environment, read at init. */
    static org.camsink.lambda.token.Issuer runtimeIssuer(BackendConfig config) {
        return org.camsink.lambda.token.Issuer.fromEnv(System.getenv());
    }

    /** The function's one client, built at init. */
    static DynamoDbClient runtimeClient(BackendConfig config) {
        return DynamoClients.forLambda(config);
    }

    /**
     * A write endpoint's answer: the route's response, or 503 with Retry-After on a storage failure, or 500, never
     * an exception's message; always {@code Cache-Control: no-store}.
     */
    static org.camsink.lambda.http.ApiResponse writeRoute(org.slf4j.Logger log, String what,
            java.util.function.Supplier<org.camsink.lambda.http.ApiResponse> route) {
        org.camsink.lambda.http.ApiResponse response;
        try {
            response = route.get();
        } catch (org.camsink.lambda.store.StorageException e) {
            log.error("storage failure in {}", what, e);
            response = org.camsink.lambda.http.ApiResponse.error(503, "storage temporarily unavailable; retry later")
                    .header("Retry-After", "30");
        } catch (RuntimeException e) {
            log.error("unexpected failure in {}", what, e);
            response = org.camsink.lambda.http.ApiResponse.error(500, "internal error");
        }
        return response.header("Cache-Control", "no-store");
    }

    /** Called by the no-argument (runtime) constructors only, so tests never touch the global CRaC context. */
    final void registerForSnapshot() {
        Core.getGlobalContext().register(this);
    }

    @Override
    public final void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        priming.run();
    }

    @Override
    public final void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to refresh.
    }
}

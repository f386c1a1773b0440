package org.camsink.resolver.app;

import java.util.function.BooleanSupplier;
import org.camsink.resolver.events.QueryListener;
import org.camsink.resolver.net.HostPort;
import org.camsink.resolver.pipeline.Query;
import org.camsink.resolver.pipeline.Resolution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Type;

/**
 * The optional query log ({@code log.queries}, off by default): one line per query with client, name, type,
 * outcome, reason and time taken. It stays on this machine, like everything the admin page shows.
 */
final class QueryLog implements QueryListener {
    private static final Logger LOG = LoggerFactory.getLogger("camsink.query");

    private final BooleanSupplier enabled;

    QueryLog(BooleanSupplier enabled) {
        this.enabled = enabled;
    }

    @Override
    public void onQuery(Query query, Resolution resolution, long elapsedNanos) {
        if (!enabled.getAsBoolean()) {
            return;
        }
        LOG.info("query {} {} {} {} {} ({}) {}us", HostPort.text(query.client()), query.transport(), query.name(),
                Type.string(query.type()), resolution.kind(), resolution.reason(), elapsedNanos / 1000);
    }
}

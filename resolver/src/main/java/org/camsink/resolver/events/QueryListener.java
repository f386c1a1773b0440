package org.camsink.resolver.events;

import org.camsink.resolver.pipeline.Query;
import org.camsink.resolver.pipeline.Resolution;

/**
 * Told about every answered query, after the response has been sent. Implementations must be cheap and
 * must never block: they run on the serving thread (counters, bounded queues).
 */
@FunctionalInterface
public interface QueryListener {
    void onQuery(Query query, Resolution resolution, long elapsedNanos);
}

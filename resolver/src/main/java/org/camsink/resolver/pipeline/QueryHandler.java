package org.camsink.resolver.pipeline;

/**
 * One link of the resolver chain. A handler either answers itself or calls {@code next} and may
 * look at, or replace, what comes back. A handler that is switched off simply returns {@code next.resolve(query)}.
 */
public interface QueryHandler {
    Resolution handle(Query query, Next next);

    /** A short name for logs and the pinned-order test. */
    default String name() {
        return getClass().getSimpleName();
    }
}

package org.camsink.resolver.pipeline;

import java.util.List;

/** An immutable chain of handlers ending in a terminal step (normally the upstream forwarder). */
public final class Pipeline implements Next {
    private final List<QueryHandler> handlers;
    private final Next terminal;

    public Pipeline(List<QueryHandler> handlers, Next terminal) {
        this.handlers = List.copyOf(handlers);
        this.terminal = terminal;
    }

    @Override
    public Resolution resolve(Query query) {
        return step(0, query);
    }

    private Resolution step(int index, Query query) {
        if (index == handlers.size()) {
            return terminal.resolve(query);
        }
        return handlers.get(index).handle(query, q -> step(index + 1, q));
    }

    /** Handler names in order; a test pins this order. */
    public List<String> order() {
        return handlers.stream().map(QueryHandler::name).toList();
    }
}

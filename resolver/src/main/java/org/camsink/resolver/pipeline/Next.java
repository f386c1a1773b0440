package org.camsink.resolver.pipeline;

/** The rest of the pipeline after a handler. Handlers receive it as an argument, never by mutation. */
@FunctionalInterface
public interface Next {
    Resolution resolve(Query query);
}

package org.camsink.resolver.pipeline;

/** Where an answer came from. Metrics, logs and the status page are all derived from this and the reason. */
public enum ResolutionKind {
    /** Answered by an upstream. */
    RESOLVED,
    /** Answered from the cache. */
    CACHED,
    /** Answered from an expired cache entry because every upstream failed (RFC 8767). */
    STALE,
    /** Sinkholed by a list. */
    BLOCKED,
    /** Refused by access control. */
    REFUSED,
    /** Dropped without an answer (rate limit, rpz-drop). The response is null. */
    DROPPED,
    /** SERVFAIL: no upstream answered. */
    FAILED,
    /** Answered locally: FORMERR, NOTIMP, BADVERS and the like. */
    LOCAL
}

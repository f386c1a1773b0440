package org.camsink.resolver.acl;

import org.camsink.resolver.pipeline.Next;
import org.camsink.resolver.pipeline.Query;
import org.camsink.resolver.pipeline.QueryHandler;
import org.camsink.resolver.pipeline.Resolution;
import org.camsink.resolver.pipeline.ResolutionKind;
import org.camsink.resolver.pipeline.Transport;

/**
 * Applies the {@link RateLimiter}. Over the limit, a UDP query is dropped without an answer: the source of a
 * UDP packet can be forged, and answering would make us a reflector. Over TCP the source is proven by the
 * handshake, so the client gets REFUSED and knows to back off.
 */
public final class RateLimitHandler implements QueryHandler {
    private final RateLimiter limiter;

    public RateLimitHandler(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public Resolution handle(Query query, Next next) {
        if (limiter.allow(query.client(), query.transport())) {
            return next.resolve(query);
        }
        if (query.transport() == Transport.TCP) {
            return Resolution.of(AclHandler.refused(query), ResolutionKind.REFUSED, "rate limited");
        }
        return Resolution.of(null, ResolutionKind.DROPPED, "rate limited");
    }
}

package org.camsink.resolver.pipeline;

import org.camsink.resolver.events.Hit;
import org.xbill.DNS.Message;

/**
 * The outcome of one query: the response to send (null when dropped), what kind of answer it is,
 * a short human reason, and the list hit when a list matched (blocked or logged).
 */
public record Resolution(Message response, ResolutionKind kind, String reason, Hit hit) {

    public static Resolution of(Message response, ResolutionKind kind, String reason) {
        return new Resolution(response, kind, reason, null);
    }

    public Resolution withHit(Hit h) {
        return new Resolution(response, kind, reason, h);
    }
}

package org.camsink.resolver.server;

import java.net.InetAddress;
import org.camsink.resolver.acl.ResponseRateLimiter;
import org.camsink.resolver.config.Config;

/**
 * What the receiving thread asks before it answers a question without going through the pipeline: a repeated
 * one from {@link HotAnswers}, or a blocked one through {@link #blockWriter}. The resolver's current
 * configuration implements it.
 */
public interface AnswerGate {
    /** Whether this client may be answered now: the access list, and one token of its rate limit. */
    boolean admits(InetAddress client);

    /**
     * Whether the access list alone lets this client in. Asked only after {@link #admits} said no: true means the
     * rate limit refused, and the receiving thread drops the query itself instead of handing the pipeline a
     * flood to drop again. The default (false) leaves every refusal to the pipeline.
     */
    default boolean allows(InetAddress client) {
        return false;
    }

    /**
     * An object that is replaced whenever answers may change without a new gate, such as a new block-list
     * snapshot. Compared by identity.
     */
    Object answersState();

    /** The most heap the server's table of finished answers ({@link HotAnswers}) may hold under this gate. */
    default long hotAnswersMaxBytes() {
        return Config.Cache.DEFAULT_MAX_BYTES / 4;
    }

    /**
     * A new writer of blocked answers for one receiving thread, advertising {@code ednsPayload} in its OPT record,
     * or null when this configuration answers every blocked question through the pipeline.
     */
    default BlockWriter blockWriter(int ednsPayload) {
        return null;
    }

    /**
     * Whether a UDP answer with {@code rcode} to this question may go out ({@link ResponseRateLimiter}). Asked once
     * per answer, on whichever path makes it.
     *
     * @param nameHash {@link ResponseRateLimiter#nameHash} of the question name
     */
    default ResponseRateLimiter.Verdict respond(InetAddress client, long nameHash, int qtype, int rcode) {
        return ResponseRateLimiter.Verdict.SEND;
    }
}

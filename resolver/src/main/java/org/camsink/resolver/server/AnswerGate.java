package org.camsink.resolver.server;

import java.net.InetAddress;

/**
 * What the receiving thread asks before it answers a repeated question from {@link HotAnswers} without going
 * through the pipeline. The resolver's current configuration implements it.
 */
public interface AnswerGate {
    /** Whether this client may be answered now: the access list, and one token of its rate limit. */
    boolean admits(InetAddress client);

    /**
     * An object that is replaced whenever answers may change without a new gate, such as a new block-list
     * snapshot. Compared by identity.
     */
    Object answersState();
}

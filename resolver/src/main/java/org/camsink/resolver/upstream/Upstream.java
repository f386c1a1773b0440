package org.camsink.resolver.upstream;

import java.io.IOException;
import java.time.Duration;
import org.xbill.DNS.Message;

/**
 * One upstream resolver. Implementations own their transport (plain UDP/TCP today; DNS over TLS or HTTPS can
 * implement the same method later) and must only return a reply that belongs to the query: same ID, same
 * question, and from the address they sent it to.
 */
public interface Upstream {

    /**
     * Sends {@code query} and waits at most {@code timeout} for its reply. The caller owns {@code query}; the
     * implementation must not keep it.
     *
     * @throws IOException when there is no acceptable reply in time
     */
    Message exchange(Message query, Duration timeout) throws IOException;

    /** How this upstream is shown in logs and on the status page, such as {@code 9.9.9.9:53}. */
    String address();
}

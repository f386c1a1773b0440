package org.camsink.resolver.pipeline;

import java.net.InetAddress;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;

/**
 * One client query on its way through the pipeline. It belongs to one thread: the request {@link Message}
 * is never shared, and handlers that need to change it work on a copy.
 *
 * @param request      the parsed request
 * @param client       the client's address (the source of the packet or connection)
 * @param transport    UDP or TCP
 * @param maxResponse  the largest response the client accepts over this transport (512 without EDNS on UDP)
 * @param dnssecOk     the EDNS DO bit
 * @param receivedNanos {@link System#nanoTime()} when the packet arrived
 */
public record Query(Message request, InetAddress client, Transport transport, int maxResponse, boolean dnssecOk,
                    long receivedNanos) {

    public Name name() {
        return request.getQuestion().getName();
    }

    public int type() {
        return request.getQuestion().getType();
    }

    public int dclass() {
        return request.getQuestion().getDClass();
    }
}

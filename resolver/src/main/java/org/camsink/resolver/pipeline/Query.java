package org.camsink.resolver.pipeline;

import java.io.IOException;
import java.net.InetAddress;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;

/**
 * One client query on its way through the pipeline. It belongs to one thread: the request {@link Message}
 * is never shared, and handlers that need to change it work on a copy.
 *
 * <p>A query answered from bytes on the receiving thread ({@link #unparsed}) keeps only the request's bytes; its
 * {@link Message} is parsed the first time someone asks for it (the query log does; the counters do not).
 */
public final class Query {
    private Message request;
    private final byte[] wire;
    private final InetAddress client;
    private final Transport transport;
    private final int maxResponse;
    private final boolean dnssecOk;
    private final long receivedNanos;

    /**
     * @param request       the parsed request
     * @param client        the client's address (the source of the packet or connection)
     * @param transport     UDP or TCP
     * @param maxResponse   the largest response the client accepts over this transport (512 without EDNS on UDP)
     * @param dnssecOk      the EDNS DO bit
     * @param receivedNanos {@link System#nanoTime()} when the packet arrived
     */
    public Query(Message request, InetAddress client, Transport transport, int maxResponse, boolean dnssecOk,
                 long receivedNanos) {
        this(request, null, client, transport, maxResponse, dnssecOk, receivedNanos);
    }

    private Query(Message request, byte[] wire, InetAddress client, Transport transport, int maxResponse,
                  boolean dnssecOk, long receivedNanos) {
        this.request = request;
        this.wire = wire;
        this.client = client;
        this.transport = transport;
        this.maxResponse = maxResponse;
        this.dnssecOk = dnssecOk;
        this.receivedNanos = receivedNanos;
    }

    /**
     * A query known by its bytes only, which must be a request that parses (the caller has checked its header and
     * question). The array is kept, not copied.
     */
    public static Query unparsed(byte[] wire, InetAddress client, Transport transport, int maxResponse,
                                 boolean dnssecOk, long receivedNanos) {
        return new Query(null, wire, client, transport, maxResponse, dnssecOk, receivedNanos);
    }

    /** The parsed request. */
    public Message request() {
        Message m = request;
        if (m == null) {
            try {
                m = new Message(wire);
            } catch (IOException e) {
                throw new IllegalStateException("a request checked by hand does not parse: " + e.getMessage(), e);
            }
            request = m;
        }
        return m;
    }

    public InetAddress client() {
        return client;
    }

    public Transport transport() {
        return transport;
    }

    public int maxResponse() {
        return maxResponse;
    }

    public boolean dnssecOk() {
        return dnssecOk;
    }

    public long receivedNanos() {
        return receivedNanos;
    }

    public Name name() {
        return request().getQuestion().getName();
    }

    public int type() {
        return request().getQuestion().getType();
    }

    public int dclass() {
        return request().getQuestion().getDClass();
    }

    @Override
    public String toString() {
        return "Query[" + (request != null ? request.getQuestion() : wire.length + " bytes unparsed") + " from "
                + client + " over " + transport + "]";
    }
}

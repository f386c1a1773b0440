package org.camsink.resolver.server;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.camsink.resolver.pipeline.Transport;

/**
 * The bytes of every query being answered right now, over UDP and TCP together ({@code server.inFlightMaxBytes}).
 * A listener takes a query's share before it copies or reads the message and gives it back once the answer is
 * sent; a query that does not fit is shed (the UDP datagram dropped, the TCP connection closed) and counted, so a
 * flood of large or slow queries costs a bounded amount of heap instead of an {@link OutOfMemoryError}.
 *
 * <p>A query's share is its length plus {@link #QUERY_OVERHEAD}, an estimate of what answering it holds besides
 * its bytes (the parsed request, the thread and its upstream exchange), so many small queries are bounded too.
 * One atomic add per query; the receiving thread's own answers (the hot path) never come here.
 *
 * <p>A message longer than {@link #ORDINARY} bytes (a padded or otherwise bloated query) may fill only three
 * quarters of the budget. The last quarter is kept for ordinary queries, so while one device floods the server with
 * 64 KiB messages, the other devices' questions still get in.
 */
public final class InFlightBudget {
    /** Heap held by one query in flight besides its own bytes. */
    public static final int QUERY_OVERHEAD = 2048;
    /** The longest query that may use the last quarter of the budget: a plain query fits in 512 bytes. */
    public static final int ORDINARY = 512;

    private final long maxBytes;
    private final AtomicLong used = new AtomicLong();
    private final LongAdder shedUdp = new LongAdder();
    private final LongAdder shedTcp = new LongAdder();

    public InFlightBudget(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Takes the share of a message of {@code length} bytes, or counts it as shed on {@code transport} and returns
     * false when the budget has no room for it.
     */
    boolean tryAcquire(int length, Transport transport) {
        long cost = (long) length + QUERY_OVERHEAD;
        long limit = length > ORDINARY ? maxBytes - maxBytes / 4 : maxBytes;
        if (used.addAndGet(cost) <= limit) {
            return true;
        }
        used.addAndGet(-cost);
        (transport == Transport.TCP ? shedTcp : shedUdp).increment();
        return false;
    }

    /** Gives back what {@link #tryAcquire} took for a message of {@code length} bytes. */
    void release(int length) {
        used.addAndGet(-((long) length + QUERY_OVERHEAD));
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Bytes taken by queries in flight now. */
    public long usedBytes() {
        return used.get();
    }

    /** Queries shed because the budget was full, on this transport. */
    public long shed(Transport transport) {
        return (transport == Transport.TCP ? shedTcp : shedUdp).sum();
    }
}

package org.camsink.resolver.upstream;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP sockets of upstream queries, opened and closed off the query path.
 *
 * <p>Every query still gets a socket of its own, never used before and closed after that one query: the kernel
 * gives it a random ephemeral port, and it is connected to the upstream, so the kernel drops datagrams from any
 * other address or port. What changes is who pays for it: one housekeeping thread keeps, per upstream address,
 * up to {@code poolSize} sockets open and connected ahead of need, closes used ones, and closes the sockets of
 * queries whose deadline passed (a blocked reader then fails at once). Opening, connecting and closing a socket
 * costs a dozen system calls; on the query path they added tens of microseconds to every forwarded query.
 *
 * <p>Pool sockets older than {@code maxAge} are replaced, and a pool unused for {@code maxAge} is closed, so a
 * port never stays open long before its query and a removed upstream leaves nothing open. When a pool is empty
 * (a burst), the query opens its own socket, as before. The housekeeper ticks every {@code tick} while queries
 * are outstanding, which bounds how late a timeout fires, and sleeps when there is nothing to do.
 */
final class UdpSockets implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UdpSockets.class);
    static final int POOL_SIZE = 64;
    static final Duration TICK = Duration.ofMillis(10);
    static final Duration MAX_AGE = Duration.ofSeconds(20);
    /** Sleep between housekeeping rounds when no query is outstanding. */
    private static final long IDLE_NANOS = Duration.ofMillis(200).toNanos();
    /** How long the housekeeper keeps its short tick after the last query. */
    private static final long LINGER_NANOS = Duration.ofSeconds(1).toNanos();

    private static final class Shared {
        static final UdpSockets INSTANCE = new UdpSockets(POOL_SIZE, TICK, MAX_AGE);
    }

    /** The process-wide instance: engines come and go on reload, the sockets outlive them. */
    static UdpSockets shared() {
        return Shared.INSTANCE;
    }

    /** A socket in a pool, with the time it was opened. */
    private record Pooled(DatagramChannel channel, long openedNanos) {}

    /** The ready sockets for one upstream address. */
    private static final class Pool {
        final ConcurrentLinkedQueue<Pooled> ready = new ConcurrentLinkedQueue<>();
        final AtomicInteger size = new AtomicInteger();
        volatile long lastTakeNanos = System.nanoTime();
    }

    /** One outstanding query: its socket, and whether it finished or ran out of time first. */
    static final class Watch {
        private static final int ACTIVE = 0;
        private static final int DONE = 1;
        private static final int EXPIRED = 2;
        final DatagramChannel channel;
        final long deadlineNanos;
        private final AtomicInteger state = new AtomicInteger(ACTIVE);

        private Watch(DatagramChannel channel, long deadlineNanos) {
            this.channel = channel;
            this.deadlineNanos = deadlineNanos;
        }

        /** Whether the deadline closed the socket before the query finished. */
        boolean expired() {
            return state.get() == EXPIRED;
        }
    }

    private final int poolSize;
    private final long tickNanos;
    private final long maxAgeNanos;
    private final Map<InetSocketAddress, Pool> pools = new ConcurrentHashMap<>();
    /** Outstanding queries, one queue per timeout so each queue is in deadline order. */
    private final Map<Long, ConcurrentLinkedQueue<Watch>> watches = new ConcurrentHashMap<>();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final ConcurrentLinkedQueue<DatagramChannel> retired = new ConcurrentLinkedQueue<>();
    private final Thread housekeeper;
    private volatile boolean sleeping;
    private volatile boolean closed;

    UdpSockets(int poolSize, Duration tick, Duration maxAge) {
        this.poolSize = poolSize;
        this.tickNanos = tick.toNanos();
        this.maxAgeNanos = maxAge.toNanos();
        this.housekeeper = Thread.ofPlatform().daemon().name("upstream sockets").start(this::run);
    }

    /** A socket connected to {@code target} that no query has used. */
    DatagramChannel take(InetSocketAddress target) throws IOException {
        if (closed || !housekeeper.isAlive()) {
            // without the housekeeper nothing would end a read at its deadline: fail the query instead
            throw new IOException("upstream sockets are closed");
        }
        Pool pool = pools.computeIfAbsent(target, t -> new Pool());
        long now = System.nanoTime();
        pool.lastTakeNanos = now;
        Pooled p;
        while ((p = pool.ready.poll()) != null) {
            pool.size.decrementAndGet();
            if (now - p.openedNanos < maxAgeNanos && p.channel.isOpen() && drained(p.channel)) {
                return p.channel;
            }
            retired.add(p.channel);
        }
        return open(target);
    }

    /**
     * Closes the ready sockets for {@code target}, after a send on one of them failed: they were connected at
     * the same time, so a change of route or local address since then breaks them all alike. Returns how many.
     */
    int discard(InetSocketAddress target) {
        Pool pool = pools.get(target);
        int n = 0;
        if (pool != null) {
            Pooled p;
            while ((p = pool.ready.poll()) != null) {
                pool.size.decrementAndGet();
                retired.add(p.channel);
                n++;
            }
        }
        return n;
    }

    /**
     * Closes {@code channel} at {@code deadlineNanos} unless {@link #finish} comes first. {@code timeoutNanos}
     * is the timeout the deadline was computed from (queries with the same timeout expire in order).
     */
    Watch watch(DatagramChannel channel, long timeoutNanos, long deadlineNanos) {
        Watch w = new Watch(channel, deadlineNanos);
        watches.computeIfAbsent(timeoutNanos, t -> new ConcurrentLinkedQueue<>()).add(w);
        outstanding.incrementAndGet();
        if (sleeping) {
            LockSupport.unpark(housekeeper);
        }
        return w;
    }

    /** The query is over: its socket is closed off the query path (at once when the deadline already did). */
    void finish(Watch w) {
        if (w.state.compareAndSet(Watch.ACTIVE, Watch.DONE)) {
            outstanding.decrementAndGet();
            retired.add(w.channel);
        }
    }

    /** Sockets open in pools right now. */
    int pooled() {
        int n = 0;
        for (Pool p : pools.values()) {
            n += p.size.get();
        }
        return n;
    }

    /**
     * Discards every datagram that reached a pooled socket before its query was sent. The socket has been open
     * and connected for up to {@code maxAge}; whoever can send from the upstream's address (or forge it) could
     * otherwise queue guessed replies ahead of time, with far more tries than fit in one round trip, and a
     * full queue of wrong replies would also use up the reader's patience. Only what arrives after the query
     * counts, as with a socket opened for it. False when the socket broke; the caller then takes another.
     */
    private static boolean drained(DatagramChannel ch) {
        try {
            ch.configureBlocking(false);
            ByteBuffer scratch = ByteBuffer.allocate(1); // a longer datagram is cut short, which is all we want
            while (ch.receive(scratch.clear()) != null) {
                // stale: drop it
            }
            ch.configureBlocking(true);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The local ports of the sockets ready for {@code target}, for inspection. */
    List<Integer> readyPorts(InetSocketAddress target) {
        List<Integer> ports = new ArrayList<>();
        Pool pool = pools.get(target);
        if (pool != null) {
            for (Pooled p : pool.ready) {
                try {
                    ports.add(((InetSocketAddress) p.channel.getLocalAddress()).getPort());
                } catch (IOException | RuntimeException e) {
                    // closed meanwhile
                }
            }
        }
        return ports;
    }

    private static DatagramChannel open(InetSocketAddress target) throws IOException {
        DatagramChannel ch = DatagramChannel.open(target.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            ch.connect(target);
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private void run() {
        while (!closed) {
            long now = System.nanoTime();
            long lastTake = Long.MIN_VALUE;
            try {
                expire(now);
                closeRetired();
                lastTake = maintainPools(now);
            } catch (RuntimeException e) {
                LOG.warn("upstream socket housekeeping: {}", e.toString());
            }
            // keep ticking a while after the last query, so steady light traffic never has to wake us
            boolean busy = outstanding.get() > 0 || !retired.isEmpty()
                    || lastTake != Long.MIN_VALUE && now - lastTake < LINGER_NANOS;
            if (busy) {
                LockSupport.parkNanos(tickNanos);
                continue;
            }
            sleeping = true;
            if (outstanding.get() == 0 && retired.isEmpty()) {
                if (pools.isEmpty()) {
                    LockSupport.park(this);
                } else {
                    LockSupport.parkNanos(this, IDLE_NANOS);
                }
            }
            sleeping = false;
        }
        closeEverything();
    }

    private void expire(long now) {
        for (ConcurrentLinkedQueue<Watch> queue : watches.values()) {
            Watch w;
            while ((w = queue.peek()) != null) {
                if (w.state.get() != Watch.ACTIVE) {
                    queue.poll();
                    continue;
                }
                if (now - w.deadlineNanos < 0) {
                    break;
                }
                queue.poll();
                if (w.state.compareAndSet(Watch.ACTIVE, Watch.EXPIRED)) {
                    outstanding.decrementAndGet();
                    closeQuietly(w.channel);
                }
            }
        }
    }

    private void closeRetired() {
        DatagramChannel ch;
        while ((ch = retired.poll()) != null) {
            closeQuietly(ch);
        }
    }

    /**
     * Refills pools in use, replaces sockets past their age, and drops pools nobody took from lately. Returns
     * the latest take over all pools ({@link Long#MIN_VALUE} when there is no pool).
     */
    private long maintainPools(long now) {
        long lastTake = Long.MIN_VALUE;
        Iterator<Map.Entry<InetSocketAddress, Pool>> it = pools.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<InetSocketAddress, Pool> e = it.next();
            Pool pool = e.getValue();
            long taken = pool.lastTakeNanos;
            boolean inUse = now - taken < maxAgeNanos;
            if (!inUse) {
                it.remove();
                drain(pool);
                continue;
            }
            if (lastTake == Long.MIN_VALUE || taken - lastTake > 0) {
                lastTake = taken;
            }
            Pooled p;
            // the oldest are at the head
            while ((p = pool.ready.peek()) != null && now - p.openedNanos >= maxAgeNanos) {
                if (pool.ready.remove(p)) {
                    pool.size.decrementAndGet();
                    closeQuietly(p.channel);
                }
            }
            while (pool.size.get() < poolSize && !closed) {
                try {
                    pool.ready.add(new Pooled(open(e.getKey()), System.nanoTime()));
                } catch (IOException | RuntimeException ex) {
                    LOG.debug("cannot open a socket to {}: {}", e.getKey(), ex.toString());
                    break;
                }
                pool.size.incrementAndGet();
            }
        }
        return lastTake;
    }

    private static void drain(Pool pool) {
        Pooled p;
        while ((p = pool.ready.poll()) != null) {
            pool.size.decrementAndGet();
            closeQuietly(p.channel);
        }
    }

    private void closeEverything() {
        for (Pool pool : pools.values()) {
            drain(pool);
        }
        pools.clear();
        for (ConcurrentLinkedQueue<Watch> queue : watches.values()) {
            Watch w;
            while ((w = queue.poll()) != null) {
                if (w.state.compareAndSet(Watch.ACTIVE, Watch.EXPIRED)) {
                    outstanding.decrementAndGet();
                    closeQuietly(w.channel);
                }
            }
        }
        closeRetired();
    }

    private static void closeQuietly(DatagramChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing to do: the descriptor is released either way
        }
    }

    /** Closes every socket, pooled or outstanding, and stops the housekeeper. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(housekeeper);
        try {
            housekeeper.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

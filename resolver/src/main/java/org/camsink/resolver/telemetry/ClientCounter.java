package org.camsink.resolver.telemetry;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts distinct clients with a bounded, lock-free structure. It never holds an address: callers give a
 * 64-bit keyed hash (see {@link Aggregate}). Up to {@code exactLimit} distinct hashes the count is exact
 * (a small open-addressing table); beyond that it is a HyperLogLog estimate with 2^{@code precision}
 * registers (standard error about 1.04 / sqrt(2^precision)). The registers are made, and filled with the
 * exact hashes, only when the exact table overflows, so the many rows that see few clients stay small.
 * A client already counted costs two reads and no write.
 */
final class ClientCounter {
    private static final long EMPTY = 0L;

    private final AtomicLongArray exact;
    private final int exactLimit;
    private final AtomicInteger exactCount = new AtomicInteger();
    private final int precision;
    /** Null while the count is exact. */
    private volatile AtomicIntegerArray registers;

    ClientCounter(int exactLimit, int precision) {
        this.exactLimit = exactLimit;
        this.exact = new AtomicLongArray(Integer.highestOneBit(exactLimit) * 4);
        this.precision = precision;
    }

    /** Records one client, given as a well-mixed 64-bit hash. */
    void add(long hash) {
        long h = hash == EMPTY ? 1 : hash;
        AtomicIntegerArray r = registers;
        if (r == null) {
            if (addExact(h)) {
                return;
            }
            r = overflow();
        }
        addSketch(r, h);
    }

    private void addSketch(AtomicIntegerArray r, long h) {
        int index = (int) (h >>> (64 - precision));
        int rank = Long.numberOfLeadingZeros((h << precision) | (1L << (precision - 1))) + 1;
        int current = r.get(index);
        while (rank > current && !r.compareAndSet(index, current, rank)) {
            current = r.get(index);
        }
    }

    /** True when the hash is in the exact table (now or before); false when the table is full. */
    private boolean addExact(long h) {
        int mask = exact.length() - 1;
        int slot = (int) (h ^ (h >>> 29)) & mask;
        for (int probe = 0; probe <= mask; probe++, slot = (slot + 1) & mask) {
            long v = exact.get(slot);
            if (v == h) {
                return true;
            }
            if (v == EMPTY) {
                if (exactCount.get() >= exactLimit) {
                    return false;
                }
                if (exact.compareAndSet(slot, EMPTY, h)) {
                    exactCount.incrementAndGet();
                    return true;
                }
                if (exact.get(slot) == h) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Switches to the sketch, seeded with every exact hash; the exact table takes no more hashes afterwards. */
    private synchronized AtomicIntegerArray overflow() {
        AtomicIntegerArray r = registers;
        if (r == null) {
            r = new AtomicIntegerArray(1 << precision);
            for (int i = 0; i < exact.length(); i++) {
                long v = exact.get(i);
                if (v != EMPTY) {
                    addSketch(r, v);
                }
            }
            registers = r;
        }
        return r;
    }

    /** Exact while small, then the HyperLogLog estimate (with linear counting for the low range). */
    long estimate() {
        AtomicIntegerArray r = registers;
        if (r == null) {
            return exactCount.get();
        }
        int m = r.length();
        double sum = 0;
        int zeros = 0;
        for (int i = 0; i < m; i++) {
            int v = r.get(i);
            sum += 1.0 / (1L << v);
            if (v == 0) {
                zeros++;
            }
        }
        double alpha = 0.7213 / (1 + 1.079 / m);
        double e = alpha * m * (double) m / sum;
        if (e <= 2.5 * m && zeros > 0) {
            e = m * Math.log((double) m / zeros);
        }
        return Math.max(exactLimit, Math.round(e));
    }
}

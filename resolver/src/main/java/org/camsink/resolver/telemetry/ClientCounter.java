package org.camsink.resolver.telemetry;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts distinct clients with a bounded, lock-free structure. It never holds an address: callers give a
 * 64-bit keyed hash (see {@link Aggregate}). Up to {@code exactLimit} distinct hashes the count is exact
 * (a small open-addressing table); beyond that it is a HyperLogLog estimate with 2^{@code precision}
 * registers (standard error about 1.04 / sqrt(2^precision)). Memory is fixed at construction.
 */
final class ClientCounter {
    private static final long EMPTY = 0L;

    private final AtomicLongArray exact;
    private final int exactLimit;
    private final AtomicInteger exactCount = new AtomicInteger();
    private volatile boolean overflowed;
    private final AtomicIntegerArray registers;
    private final int precision;

    ClientCounter(int exactLimit, int precision) {
        this.exactLimit = exactLimit;
        this.exact = new AtomicLongArray(Integer.highestOneBit(exactLimit) * 4);
        this.precision = precision;
        this.registers = new AtomicIntegerArray(1 << precision);
    }

    /** Records one client, given as a well-mixed 64-bit hash. */
    void add(long hash) {
        long h = hash == EMPTY ? 1 : hash;
        int index = (int) (h >>> (64 - precision));
        int rank = Long.numberOfLeadingZeros((h << precision) | (1L << (precision - 1))) + 1;
        int current = registers.get(index);
        while (rank > current && !registers.compareAndSet(index, current, rank)) {
            current = registers.get(index);
        }
        if (!overflowed) {
            addExact(h);
        }
    }

    private void addExact(long h) {
        int mask = exact.length() - 1;
        int slot = (int) (h ^ (h >>> 29)) & mask;
        for (int probe = 0; probe <= mask; probe++, slot = (slot + 1) & mask) {
            long v = exact.get(slot);
            if (v == h) {
                return;
            }
            if (v == EMPTY) {
                if (exactCount.get() >= exactLimit) {
                    overflowed = true;
                    return;
                }
                if (exact.compareAndSet(slot, EMPTY, h)) {
                    if (exactCount.incrementAndGet() > exactLimit) {
                        overflowed = true;
                    }
                    return;
                }
                if (exact.get(slot) == h) {
                    return;
                }
            }
        }
        overflowed = true;
    }

    /** Exact while small, then the HyperLogLog estimate (with linear counting for the low range). */
    long estimate() {
        if (!overflowed) {
            return exactCount.get();
        }
        int m = registers.length();
        double sum = 0;
        int zeros = 0;
        for (int i = 0; i < m; i++) {
            int r = registers.get(i);
            sum += 1.0 / (1L << r);
            if (r == 0) {
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

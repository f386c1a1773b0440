package org.camsink.resolver.acl;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Token buckets in a table of fixed size, keyed by 128 bits. Memory never grows with the number of keys: a
 * flood of spoofed sources only replaces buckets, it cannot add any.
 *
 * <p>The table is set-associative: a key hashes (with a seed chosen at start, so collisions cannot be planned)
 * to a set of {@link #WAYS} slots. A key found in its set uses that bucket; a new key takes the slot of the set
 * that was used longest ago and starts with a full bucket. Losing a slot therefore errs towards answering, the
 * same choice NSD's RRL makes when two sources share a bucket.
 *
 * <p>Tokens refill at {@code rate} per second up to {@code burst}, kept in millionths so that refill never loses
 * fractions. Each slot also counts the takes refused since its last allowed one, for RRL's slip.
 */
final class TokenTable {
    static final int WAYS = 4;
    private static final long MICRO = 1_000_000;
    private static final long EMPTY = Long.MIN_VALUE;

    private final long rate;
    private final long burst;
    private final int sets;
    private final long seed = ThreadLocalRandom.current().nextLong();
    private final long[] hi;
    private final long[] lo;
    private final long[] micros;
    private final long[] last;
    private final long[] refused;
    private final Object[] locks;

    /** @param slots the table size, rounded up to a multiple of {@link #WAYS} */
    TokenTable(long rate, long burst, int slots) {
        this.rate = rate;
        this.burst = burst;
        this.sets = Math.max(1, (slots + WAYS - 1) / WAYS);
        int n = sets * WAYS;
        this.hi = new long[n];
        this.lo = new long[n];
        this.micros = new long[n];
        this.last = new long[n];
        this.refused = new long[n];
        java.util.Arrays.fill(last, EMPTY);
        this.locks = new Object[Math.min(sets, 1024)];
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    /** Slots in the table. */
    int size() {
        return sets * WAYS;
    }

    /** Slots holding a key. */
    int used() {
        int n = 0;
        for (int set = 0; set < sets; set++) {
            synchronized (locks[set % locks.length]) {
                for (int i = set * WAYS; i < set * WAYS + WAYS; i++) {
                    if (last[i] != EMPTY) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    /**
     * Takes one token from the key's bucket at {@code now} (nanoseconds). Returns 0 when a token was there, else
     * how many takes in a row this bucket has refused, this one included (1, 2, ...).
     */
    long take(long keyHi, long keyLo, long now) {
        int set = set(keyHi, keyLo);
        synchronized (locks[set % locks.length]) {
            int slot = find(set, keyHi, keyLo, now);
            refill(slot, now);
            if (micros[slot] >= MICRO) {
                micros[slot] -= MICRO;
                refused[slot] = 0;
                return 0;
            }
            return ++refused[slot];
        }
    }

    private int find(int set, long keyHi, long keyLo, long now) {
        int base = set * WAYS;
        int oldest = base;
        for (int i = base; i < base + WAYS; i++) {
            if (last[i] != EMPTY && hi[i] == keyHi && lo[i] == keyLo) {
                return i;
            }
            if (last[i] == EMPTY || last[oldest] != EMPTY && last[i] < last[oldest]) {
                oldest = i;
            }
        }
        hi[oldest] = keyHi;
        lo[oldest] = keyLo;
        micros[oldest] = burst * MICRO;
        last[oldest] = now;
        refused[oldest] = 0;
        return oldest;
    }

    private void refill(int slot, long now) {
        long elapsed = Math.max(0, now - last[slot]);
        last[slot] = Math.max(last[slot], now);
        // rate tokens per second = rate micro-tokens per microsecond
        long micro = elapsed / 1000;
        long add = micro != 0 && rate > Long.MAX_VALUE / micro ? Long.MAX_VALUE : micro * rate;
        long sum = micros[slot] + add;
        micros[slot] = Math.min(burst * MICRO, sum < 0 ? Long.MAX_VALUE : sum);
    }

    private int set(long keyHi, long keyLo) {
        long h = mix(keyHi ^ seed) * 31 + mix(keyLo + seed);
        return (int) Long.remainderUnsigned(mix(h), sets);
    }

    /** A 64-bit finalizer (the one of SplitMix64): every input bit moves every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}

package org.camsink.resolver.blocking;

import java.util.Arrays;
import org.xbill.DNS.Name;

/**
 * An immutable set of domain rules held as one open-addressed {@code long[]} of 64-bit suffix hashes: about 12
 * bytes per entry at the 2/3 load factor, and no objects per entry.
 *
 * <p>A rule has a scope: {@link #SELF} (the name itself), {@link #SUBDOMAINS} (every name below it), or both,
 * which is what hosts, domain and AdBlock lists mean ({@code trassir.com} matches {@code A.cloud.TRASSIR.com}).
 * RPZ triggers use the single scopes ({@code name} and {@code *.name}). The scope and the {@link Policy} live
 * in the low four bits of each slot, the hash in the other 60.
 *
 * <p>A lookup walks the query name's labels from the right, hashing each longer suffix in turn and probing the
 * table, without allocating. The entry text is not stored: on a hit it is the query name's suffix with the
 * matched number of labels ({@link #entry(Name, int)}). Two different names share a 60-bit key with a
 * probability of about 2<sup>-60</sup> per probe, and the seed is random per process.
 *
 * <p>Building a big set needs no second array: the builder's key array becomes the table. When every rule has
 * the same policy (any list but a mixed RPZ zone), the keys are sorted by their home slot, merged, and laid
 * out from left to right, each in the first free slot at or after its home. That is the table linear probing
 * would make, so lookups are unchanged; the slots past the last home ({@code homes .. table.length}) take any
 * run that would otherwise wrap.
 */
public final class DomainSet {
    /** Scope bit: the rule matches the name itself. */
    public static final int SELF = 1;
    /** Scope bit: the rule matches every name below it. */
    public static final int SUBDOMAINS = 2;
    /** Both scopes: a plain list entry. */
    public static final int SUFFIX = SELF | SUBDOMAINS;

    private static final long FLAGS = 0xF;
    private static final long ZERO_KEY = 0x9E3779B97F4A7C10L;
    private static final DomainSet EMPTY = new DomainSet(new long[1], 1, 0, 1, 0);

    private final long[] table;
    /** Home slots: a key's probe starts at {@code index(key, homes)}; {@code homes <= table.length}. */
    private final int homes;
    private final int size;
    /** The fewest and most labels of any rule: shorter or longer suffixes of a query are never probed. */
    private final int minLabels;
    private final int maxLabels;

    private DomainSet(long[] table, int homes, int size, int minLabels, int maxLabels) {
        this.table = table;
        this.homes = homes;
        this.size = size;
        this.minLabels = minLabels;
        this.maxLabels = maxLabels;
    }

    public static DomainSet empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder(16);
    }

    public static Builder builder(int expected) {
        return new Builder(expected);
    }

    /** Distinct rules in the set. */
    public int size() {
        return size;
    }

    /** Slots a probe can start at; fewer than the table's length when the last run needed room past them. */
    int homeSlots() {
        return homes;
    }

    /** Bytes held by the table. */
    public long tableBytes() {
        return 8L * table.length;
    }

    /**
     * Looks a name up, given in uncompressed wire form at {@code offset} (length-prefixed labels ending in a zero
     * byte), with any letter case. Returns -1 when no rule matches; otherwise the longest matching rule, packed:
     * use {@link #labels(int)}, {@link #scope(int)}, {@link #policy(int)}.
     */
    public int lookup(byte[] wire, int offset) {
        if (size == 0) {
            return -1;
        }
        // Record where each label starts (relative offsets 0..254) in a 256-bit map held in four longs.
        long m0 = 0;
        long m1 = 0;
        long m2 = 0;
        long m3 = 0;
        int labels = 0;
        int p = offset;
        while (true) {
            if (p >= wire.length) {
                return -1;
            }
            int len = wire[p] & 0xFF;
            if (len == 0) {
                break;
            }
            if (len > 63) {
                return -1;
            }
            int rel = p - offset;
            if (rel > 254) {
                return -1;
            }
            long bit = 1L << (rel & 63);
            switch (rel >>> 6) {
                case 0 -> m0 |= bit;
                case 1 -> m1 |= bit;
                case 2 -> m2 |= bit;
                default -> m3 |= bit;
            }
            labels++;
            p += len + 1;
        }
        long h = DomainNames.start();
        int depth = 0;
        int best = -1;
        for (int word = 3; word >= 0; word--) {
            long m = switch (word) {
                case 0 -> m0;
                case 1 -> m1;
                case 2 -> m2;
                default -> m3;
            };
            while (m != 0) {
                int bit = 63 - Long.numberOfLeadingZeros(m);
                m &= ~(1L << bit);
                int at = offset + (word << 6) + bit;
                h = DomainNames.label(h, wire, at + 1, wire[at] & 0xFF);
                depth++;
                if (depth < minLabels) {
                    continue;
                }
                if (depth > maxLabels) {
                    return best;
                }
                int flags = probe(DomainNames.finish(h));
                if (flags >= 0) {
                    int need = depth == labels ? SELF : SUBDOMAINS;
                    if ((flags & need) != 0) {
                        best = depth << 8 | flags;
                    }
                }
            }
        }
        return best;
    }

    /** Looks up a dnsjava name; see {@link #lookup(byte[], int)}. */
    public int lookup(Name name) {
        return size == 0 ? -1 : lookup(name.toWire(), 0);
    }

    /** Looks up a name written as text (a convenience for tests and tools). */
    public int lookup(String name) {
        return lookup(Name.fromConstantString(name.endsWith(".") ? name : name + "."));
    }

    /** How many labels of the query name the matching rule covers. */
    public static int labels(int match) {
        return match >>> 8;
    }

    /** The scope bits of the matching rule. */
    public static int scope(int match) {
        return match & 3;
    }

    public static Policy policy(int match) {
        return Policy.of(match >>> 2 & 3);
    }

    /**
     * The rule that matched, as list text: the name's last {@code labels(match)} labels in lower case, with
     * {@code *.} in front when the rule only covers subdomains (an RPZ wildcard).
     */
    public static String entry(Name name, int match) {
        int keep = labels(match);
        Name suffix = new Name(name, name.labels() - 1 - keep);
        String text = suffix.toString(true).toLowerCase(java.util.Locale.ROOT);
        return scope(match) == SUBDOMAINS ? "*." + text : text;
    }

    private int probe(long key) {
        long k = key & ~FLAGS;
        if (k == 0) {
            k = ZERO_KEY;
        }
        long[] t = table;
        int i = index(k, homes);
        while (true) {
            long s = t[i];
            if (s == 0) {
                return -1;
            }
            if ((s & ~FLAGS) == k) {
                return (int) (s & FLAGS);
            }
            if (++i == t.length) {
                i = 0;
            }
        }
    }

    private static int index(long k, int capacity) {
        return (int) (((k >>> 32) * capacity) >>> 32);
    }

    /**
     * Slots for a table of {@code count} keys at the 2/3 load factor. A builder made for {@code expected} rules
     * starts with this many, so its key array can become the table without a copy.
     */
    static int capacityFor(long count) {
        return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(4L, count + (count >> 1) + 1L));
    }

    /** Collects rules; not thread-safe. Building dedupes keys and merges the scopes of a repeated name. */
    public static final class Builder {
        private long[] keys;
        private int count;
        private int minLabels = Integer.MAX_VALUE;
        private int maxLabels;
        /** The policy bits of the first rule, and whether every rule since had the same. */
        private long policyBits = -1;
        private boolean onePolicy = true;

        /** Whether the array was sized from an estimate of the rules: it then grows by an eighth, not by half. */
        private final boolean sized;

        private Builder(int expected) {
            keys = new long[Math.max(16, capacityFor(expected))];
            sized = expected >= 4096;
        }

        /** Adds a normalized name (see {@link DomainNames#normalize}) with a scope and policy. */
        public Builder add(String normalized, int scope, Policy policy) {
            int labels = 1;
            for (int i = 0; i < normalized.length(); i++) {
                labels += normalized.charAt(i) == '.' ? 1 : 0;
            }
            return addKey(DomainNames.key(normalized), labels, scope, policy);
        }

        /**
         * Adds a name given as ASCII bytes {@code [from, to)} (any case, one optional trailing dot) when it is a
         * plain valid name; returns false, adding nothing, when it is not, so the caller can take the careful
         * path that normalizes or reports it. This is the fast path for big lists.
         */
        public boolean addAscii(byte[] b, int from, int to, int scope, Policy policy) {
            if (to > from && b[to - 1] == '.') {
                to--;
            }
            int len = to - from;
            if (len <= 0 || len > 253) {
                return false;
            }
            // One pass from the right: find each label, then check and hash its bytes (as DomainNames.label).
            long h = DomainNames.start();
            int labels = 0;
            int end = to;
            for (int i = to - 1; i >= from - 1; i--) {
                if (i >= from && b[i] != '.') {
                    continue;
                }
                int labelLen = end - i - 1;
                if (labelLen == 0 || labelLen > 63) {
                    return false;
                }
                h = (h ^ labelLen) * DomainNames.PRIME;
                for (int j = i + 1; j < end; j++) {
                    int c = DomainNames.LABEL_BYTES[b[j] & 0xFF];
                    if (c == 0) {
                        return false;
                    }
                    h = (h ^ c) * DomainNames.PRIME;
                }
                labels++;
                end = i;
            }
            addKey(DomainNames.finish(h), labels, scope, policy);
            return true;
        }

        /** Adds a normalized name as a plain suffix rule answered per the blocking mode. */
        public Builder add(String normalized) {
            return add(normalized, SUFFIX, Policy.MODE);
        }

        private Builder addKey(long key, int labels, int scope, Policy policy) {
            if ((scope & ~3) != 0 || scope == 0) {
                throw new IllegalArgumentException("bad scope " + scope);
            }
            minLabels = Math.min(minLabels, labels);
            maxLabels = Math.max(maxLabels, labels);
            long k = key & ~FLAGS;
            if (k == 0) {
                k = ZERO_KEY;
            }
            long bits = (long) policy.ordinal() << 2;
            if (policyBits < 0) {
                policyBits = bits;
            } else if (policyBits != bits) {
                onePolicy = false;
            }
            if (count == keys.length) {
                keys = Arrays.copyOf(keys, keys.length + (keys.length >> (sized ? 3 : 1)));
            }
            keys[count++] = k | bits | scope;
            return this;
        }

        public int added() {
            return count;
        }

        public DomainSet build() {
            if (count == 0) {
                return EMPTY;
            }
            long[] k = keys;
            keys = null;
            int need = capacityFor(count);
            if (!onePolicy) {
                return hashed(k, need);
            }
            // Reuse the key array as the table when it has room for the 2/3 load factor and at most 1/16 to spare;
            // otherwise copy to the exact size (the copy is transient and far below the peak of serving).
            if (k.length < need || k.length - need > need >> 4) {
                k = Arrays.copyOf(k, need);
            }
            return sorted(k);
        }

        /** The general build: insert every key into a new table; a repeated name keeps its first policy. */
        private DomainSet hashed(long[] k, int capacity) {
            long[] table = new long[capacity];
            int size = 0;
            for (int n = 0; n < count; n++) {
                long e = k[n];
                long key = e & ~FLAGS;
                int i = index(key, capacity);
                while (true) {
                    long s = table[i];
                    if (s == 0) {
                        table[i] = e;
                        size++;
                        break;
                    }
                    if ((s & ~FLAGS) == key) {
                        // The same name again: widen the scope, keep the first policy.
                        table[i] = s | (e & 3);
                        break;
                    }
                    if (++i == capacity) {
                        i = 0;
                    }
                }
            }
            return new DomainSet(table, capacity, size, minLabels, maxLabels);
        }

        /**
         * The in-place build, for rules that all share one policy: sort the keys by home slot (the index is
         * monotonic in the key's unsigned value), merge repeats, then place each key in the first free slot at or
         * after its home, from left to right. Keys are moved to the end of the array first; a key's slot is never
         * past the place it is read from, so nothing is overwritten before it is read.
         */
        private DomainSet sorted(long[] t) {
            int n = count;
            for (int i = 0; i < n; i++) {
                t[i] ^= Long.MIN_VALUE;
            }
            Arrays.sort(t, 0, n);
            int size = 0;
            for (int i = 0; i < n; i++) {
                long e = t[i] ^ Long.MIN_VALUE;
                if (size > 0 && ((t[size - 1] ^ e) & ~FLAGS) == 0) {
                    t[size - 1] |= e & 3;
                } else {
                    t[size++] = e;
                }
            }
            int length = t.length;
            // With every home slot in use, a run near the end would wrap; fewer home slots keep it in the array.
            int homes = length;
            while (true) {
                int last = -1;
                for (int i = 0; i < size; i++) {
                    last = Math.max(index(t[i] & ~FLAGS, homes), last + 1);
                }
                if (last < length) {
                    break;
                }
                homes -= Math.max(1, last - length + 1);
            }
            int from = length - size;
            System.arraycopy(t, 0, t, from, size);
            Arrays.fill(t, 0, from, 0L);
            int at = -1;
            for (int i = 0; i < size; i++) {
                long e = t[from + i];
                t[from + i] = 0;
                at = Math.max(index(e & ~FLAGS, homes), at + 1);
                t[at] = e;
            }
            return new DomainSet(t, homes, size, minLabels, maxLabels);
        }
    }
}

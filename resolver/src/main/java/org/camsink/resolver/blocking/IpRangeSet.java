package org.camsink.resolver.blocking;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import org.camsink.resolver.net.Cidr;

/**
 * An immutable set of IPv4 and IPv6 prefixes. Each family is an array of prefixes sorted by start address,
 * with a link from every prefix to the nearest prefix that contains it. A lookup binary-searches for the last
 * prefix starting at or before the address and follows those links outwards until one contains it, so the most
 * specific matching prefix wins. Prefixes either nest or are disjoint, which is what makes this exact.
 */
public final class IpRangeSet {
    private static final IpRangeSet EMPTY = new IpRangeSet(Family.EMPTY, Family.EMPTY);

    private final Family v4;
    private final Family v6;

    private IpRangeSet(Family v4, Family v6) {
        this.v4 = v4;
        this.v6 = v6;
    }

    public static IpRangeSet empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int size() {
        return v4.size() + v6.size();
    }

    /**
     * The most specific prefix that contains the address (4 or 16 bytes), or null. Only a hit allocates.
     */
    public Match find(byte[] address) {
        if (address.length == 4) {
            long lo = ((address[0] & 0xFFL) << 24) | ((address[1] & 0xFFL) << 16) | ((address[2] & 0xFFL) << 8)
                    | (address[3] & 0xFFL);
            return v4.find(0, lo, false);
        }
        if (address.length == 16) {
            return v6.find(word(address, 0), word(address, 8), true);
        }
        return null;
    }

    /** A matching prefix and its policy. */
    public record Match(Cidr cidr, Policy policy) {
        /** The entry as list text, such as {@code 10.0.0.0/8}. */
        public String entry() {
            return cidr.toString();
        }
    }

    private static long word(byte[] a, int from) {
        long w = 0;
        for (int i = from; i < from + 8; i++) {
            w = w << 8 | (a[i] & 0xFFL);
        }
        return w;
    }

    /** One address family: prefixes as 128-bit (hi, lo) starts and ends, compared unsigned. */
    private static final class Family {
        static final Family EMPTY = new Family(new long[0], new long[0], new long[0], new long[0], new byte[0],
                new byte[0], new int[0]);

        final long[] hi;
        final long[] lo;
        final long[] endHi;
        final long[] endLo;
        final byte[] prefix;
        final byte[] policy;
        final int[] parent;

        Family(long[] hi, long[] lo, long[] endHi, long[] endLo, byte[] prefix, byte[] policy, int[] parent) {
            this.hi = hi;
            this.lo = lo;
            this.endHi = endHi;
            this.endLo = endLo;
            this.prefix = prefix;
            this.policy = policy;
            this.parent = parent;
        }

        int size() {
            return hi.length;
        }

        Match find(long aHi, long aLo, boolean v6) {
            int lowIdx = 0;
            int high = hi.length - 1;
            int i = -1;
            while (lowIdx <= high) {
                int mid = (lowIdx + high) >>> 1;
                if (compare(hi[mid], lo[mid], aHi, aLo) <= 0) {
                    i = mid;
                    lowIdx = mid + 1;
                } else {
                    high = mid - 1;
                }
            }
            while (i >= 0) {
                if (compare(aHi, aLo, endHi[i], endLo[i]) <= 0) {
                    return new Match(cidr(i, v6), Policy.of(policy[i]));
                }
                i = parent[i];
            }
            return null;
        }

        private Cidr cidr(int i, boolean v6) {
            byte[] b = new byte[v6 ? 16 : 4];
            if (v6) {
                for (int k = 0; k < 8; k++) {
                    b[k] = (byte) (hi[i] >>> (56 - 8 * k));
                    b[8 + k] = (byte) (lo[i] >>> (56 - 8 * k));
                }
            } else {
                for (int k = 0; k < 4; k++) {
                    b[k] = (byte) (lo[i] >>> (24 - 8 * k));
                }
            }
            return new Cidr(b, prefix[i] & 0xFF);
        }
    }

    private static int compare(long aHi, long aLo, long bHi, long bLo) {
        int c = Long.compareUnsigned(aHi, bHi);
        return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
    }

    /** Collects prefixes; a repeated prefix keeps its first policy. */
    public static final class Builder {
        private final Staged v4 = new Staged(false);
        private final Staged v6 = new Staged(true);

        private Builder() {}

        public Builder add(Cidr cidr, Policy policy) {
            (cidr.isIpv4() ? v4 : v6).add(cidr, policy);
            return this;
        }

        public Builder add(Cidr cidr) {
            return add(cidr, Policy.MODE);
        }

        public int added() {
            return v4.n + v6.n;
        }

        public IpRangeSet build() {
            if (added() == 0) {
                return EMPTY;
            }
            return new IpRangeSet(v4.build(), v6.build());
        }
    }

    private static final class Staged {
        final boolean v6;
        long[] hi = new long[8];
        long[] lo = new long[8];
        byte[] prefix = new byte[8];
        byte[] policy = new byte[8];
        int n;

        Staged(boolean v6) {
            this.v6 = v6;
        }

        void add(Cidr cidr, Policy p) {
            if (n == hi.length) {
                int cap = n * 2;
                hi = Arrays.copyOf(hi, cap);
                lo = Arrays.copyOf(lo, cap);
                prefix = Arrays.copyOf(prefix, cap);
                policy = Arrays.copyOf(policy, cap);
            }
            byte[] b = cidr.network();
            if (v6) {
                hi[n] = word(b, 0);
                lo[n] = word(b, 8);
            } else {
                lo[n] = ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8) | (b[3] & 0xFFL);
            }
            prefix[n] = (byte) cidr.prefix();
            policy[n] = (byte) p.ordinal();
            n++;
        }

        Family build() {
            if (n == 0) {
                return Family.EMPTY;
            }
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            // By start address, and for equal starts the wider prefix first, so that it becomes the parent.
            Arrays.sort(order, (a, b) -> {
                int c = compare(hi[a], lo[a], hi[b], lo[b]);
                return c != 0 ? c : Integer.compare(prefix[a] & 0xFF, prefix[b] & 0xFF);
            });
            int bits = v6 ? 128 : 32;
            long[] sHi = new long[n];
            long[] sLo = new long[n];
            long[] eHi = new long[n];
            long[] eLo = new long[n];
            byte[] sPre = new byte[n];
            byte[] sPol = new byte[n];
            int[] parent = new int[n];
            Deque<Integer> open = new ArrayDeque<>();
            int m = 0;
            for (int idx : order) {
                if (m > 0 && sHi[m - 1] == hi[idx] && sLo[m - 1] == lo[idx] && sPre[m - 1] == prefix[idx]) {
                    continue;
                }
                int hostBits = bits - (prefix[idx] & 0xFF);
                long endHi = hi[idx];
                long endLo = lo[idx];
                if (hostBits >= 64) {
                    endHi |= hostBits == 128 ? -1L : (1L << (hostBits - 64)) - 1;
                    endLo = -1L;
                } else if (hostBits > 0) {
                    endLo |= (1L << hostBits) - 1;
                }
                while (!open.isEmpty()) {
                    int top = open.peek();
                    if (compare(hi[idx], lo[idx], eHi[top], eLo[top]) <= 0) {
                        break;
                    }
                    open.pop();
                }
                sHi[m] = hi[idx];
                sLo[m] = lo[idx];
                eHi[m] = endHi;
                eLo[m] = endLo;
                sPre[m] = prefix[idx];
                sPol[m] = policy[idx];
                parent[m] = open.isEmpty() ? -1 : open.peek();
                open.push(m);
                m++;
            }
            return new Family(Arrays.copyOf(sHi, m), Arrays.copyOf(sLo, m), Arrays.copyOf(eHi, m),
                    Arrays.copyOf(eLo, m), Arrays.copyOf(sPre, m), Arrays.copyOf(sPol, m), Arrays.copyOf(parent, m));
        }
    }
}

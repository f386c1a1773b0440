package org.camsink.blocklists.country;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.camsink.blocklists.net.IpPrefix;

/**
 * Turns address blocks into the fewest aligned CIDR prefixes that cover exactly the same addresses: blocks are
 * sorted, adjacent and overlapping ones merged, and each merged range split at alignment boundaries.
 */
public final class RangeSplitter {
    private RangeSplitter() {}

    /** IPv4 prefixes first, then IPv6, each in address order. */
    public static List<IpPrefix> prefixes(List<RirDelegations.Block> blocks) {
        List<IpPrefix> out = new ArrayList<>();
        for (boolean v4 : new boolean[] {true, false}) {
            List<RirDelegations.Block> family = blocks.stream().filter(b -> b.ipv4() == v4)
                    .sorted(Comparator.comparing(RirDelegations.Block::start)).toList();
            BigInteger start = null;
            BigInteger end = null;
            for (RirDelegations.Block b : family) {
                BigInteger bEnd = b.start().add(b.count()).subtract(BigInteger.ONE);
                if (start != null && b.start().compareTo(end.add(BigInteger.ONE)) <= 0) {
                    end = end.max(bEnd);
                    continue;
                }
                if (start != null) {
                    split(start, end, v4, out);
                }
                start = b.start();
                end = bEnd;
            }
            if (start != null) {
                split(start, end, v4, out);
            }
        }
        return out;
    }

    /** Splits the inclusive range [start, end] into aligned prefixes. */
    public static void split(BigInteger start, BigInteger end, boolean ipv4, List<IpPrefix> out) {
        int bits = ipv4 ? 32 : 128;
        BigInteger cur = start;
        while (cur.compareTo(end) <= 0) {
            int align = cur.signum() == 0 ? bits : cur.getLowestSetBit();
            BigInteger remaining = end.subtract(cur).add(BigInteger.ONE);
            int fit = remaining.bitLength() - 1;
            int size = Math.min(align, fit);
            out.add(IpPrefix.of(cur, bits - size, ipv4));
            cur = cur.add(BigInteger.ONE.shiftLeft(size));
        }
    }
}

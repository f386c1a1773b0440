package org.camsink.resolver.blocking;

import org.camsink.resolver.net.Cidr;

/**
 * Reads a bundled country list ({@code org.camsink.blocklists.country.CountryLists}: {@code #} header lines, then one
 * prefix per line in plain hexadecimal or dotted form) straight from its bytes into an {@link IpRangeSet}, without a
 * {@code String} per line or the general address parser. The lists are loaded before the resolver answers its first
 * query, and the general CIDR parser made them the largest part of that start-up; a test checks both readers give
 * the same set. Returns null on any line it does not expect, so the caller falls back to the {@code cidr} parser.
 */
final class CountryRangeReader {
    private CountryRangeReader() {}

    /** The prefixes in {@code data}, or null when a line is not a plain {@code address/length}. */
    static IpRangeSet read(byte[] data) {
        IpRangeSet.Builder out = IpRangeSet.builder();
        int from = 0;
        while (from < data.length) {
            int end = from;
            while (end < data.length && data[end] != '\n') {
                end++;
            }
            int to = end;
            while (to > from && (data[to - 1] == '\r' || data[to - 1] == ' ')) {
                to--;
            }
            if (to > from && data[from] != '#') {
                Cidr c = prefix(data, from, to);
                if (c == null) {
                    return null;
                }
                out.add(c, Policy.MODE);
            }
            from = end + 1;
        }
        return out.build();
    }

    private static Cidr prefix(byte[] b, int from, int to) {
        int slash = from;
        while (slash < to && b[slash] != '/') {
            slash++;
        }
        if (slash == to || slash == from) {
            return null;
        }
        int len = number(b, slash + 1, to, 10, 3);
        byte[] address = indexOf(b, from, slash, ':') >= 0 ? ipv6(b, from, slash) : ipv4(b, from, slash);
        if (address == null || len < 0 || len > address.length * 8) {
            return null;
        }
        return new Cidr(address, len);
    }

    private static byte[] ipv4(byte[] b, int from, int to) {
        byte[] out = new byte[4];
        int part = 0;
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i == to || b[i] == '.') {
                int v = number(b, start, i, 10, 3);
                if (v < 0 || v > 255 || part == 4) {
                    return null;
                }
                out[part++] = (byte) v;
                start = i + 1;
            }
        }
        return part == 4 ? out : null;
    }

    /** Hexadecimal groups with at most one {@code ::}; no embedded IPv4 form. */
    private static byte[] ipv6(byte[] b, int from, int to) {
        int gap = -1;
        for (int i = from; i + 1 < to; i++) {
            if (b[i] == ':' && b[i + 1] == ':') {
                gap = i;
                break;
            }
        }
        int[] head = groups(b, from, gap < 0 ? to : gap);
        int[] tail = gap < 0 ? new int[0] : groups(b, gap + 2, to);
        if (head == null || tail == null || head.length + tail.length > (gap < 0 ? 8 : 7)
                || gap < 0 && head.length != 8) {
            return null;
        }
        byte[] out = new byte[16];
        for (int g = 0; g < head.length; g++) {
            out[2 * g] = (byte) (head[g] >> 8);
            out[2 * g + 1] = (byte) head[g];
        }
        for (int g = 0; g < tail.length; g++) {
            int at = 8 - tail.length + g;
            out[2 * at] = (byte) (tail[g] >> 8);
            out[2 * at + 1] = (byte) tail[g];
        }
        return out;
    }

    /** The colon-separated hexadecimal groups of {@code [from, to)}; an empty range has none; null when malformed. */
    private static int[] groups(byte[] b, int from, int to) {
        if (from == to) {
            return new int[0];
        }
        int n = 1;
        for (int i = from; i < to; i++) {
            n += b[i] == ':' ? 1 : 0;
        }
        if (n > 8) {
            return null;
        }
        int[] out = new int[n];
        int k = 0;
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i == to || b[i] == ':') {
                int v = number(b, start, i, 16, 4);
                if (v < 0) {
                    return null;
                }
                out[k++] = v;
                start = i + 1;
            }
        }
        return out;
    }

    /** A number of 1 to {@code maxDigits} digits in {@code radix}, or -1. */
    private static int number(byte[] b, int from, int to, int radix, int maxDigits) {
        if (to <= from || to - from > maxDigits) {
            return -1;
        }
        int v = 0;
        for (int i = from; i < to; i++) {
            int d = Character.digit(b[i], radix);
            if (d < 0) {
                return -1;
            }
            v = v * radix + d;
        }
        return v;
    }

    private static int indexOf(byte[] b, int from, int to, char c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}

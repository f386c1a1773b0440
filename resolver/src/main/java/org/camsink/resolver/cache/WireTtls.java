package org.camsink.resolver.cache;

/**
 * Finds the byte offsets of the TTL field of every resource record in a DNS message, so cached answers can get
 * their TTLs rewritten without parsing. Returns null when the message is malformed.
 */
public final class WireTtls {
    private WireTtls() {}

    public static int[] offsets(byte[] wire) {
        if (wire.length < 12) {
            return null;
        }
        int qd = u16(wire, 4);
        int records = u16(wire, 6) + u16(wire, 8) + u16(wire, 10);
        int pos = 12;
        for (int i = 0; i < qd; i++) {
            pos = skipName(wire, pos);
            if (pos < 0 || pos + 4 > wire.length) {
                return null;
            }
            pos += 4;
        }
        int[] out = new int[records];
        int n = 0;
        for (int i = 0; i < records; i++) {
            pos = skipName(wire, pos);
            if (pos < 0 || pos + 10 > wire.length) {
                return null;
            }
            int type = u16(wire, pos);
            int rdlength = u16(wire, pos + 8);
            if (type != 41) { // the OPT pseudo-record's "TTL" holds flags, never a TTL
                out[n++] = pos + 4;
            }
            pos += 10 + rdlength;
            if (pos > wire.length) {
                return null;
            }
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    private static int skipName(byte[] wire, int pos) {
        for (int labels = 0; labels < 128 && pos < wire.length; labels++) {
            int len = wire[pos] & 0xFF;
            if (len == 0) {
                return pos + 1;
            }
            if ((len & 0xC0) == 0xC0) {
                return pos + 2 <= wire.length ? pos + 2 : -1;
            }
            if ((len & 0xC0) != 0) {
                return -1;
            }
            pos += 1 + len;
        }
        return -1;
    }

    public static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) << 8 | b[off + 1] & 0xFF;
    }

    public static long u32(byte[] b, int off) {
        return (b[off] & 0xFFL) << 24 | (b[off + 1] & 0xFFL) << 16 | (b[off + 2] & 0xFFL) << 8 | b[off + 3] & 0xFFL;
    }

    public static void putU32(byte[] b, int off, long v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}

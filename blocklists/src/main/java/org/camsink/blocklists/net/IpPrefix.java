package org.camsink.blocklists.net;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 prefix in canonical form ({@code 192.0.2.0/24}, {@code 2001:db8::/32}). Parsing is strict: the
 * address must be a literal (never a name, so no DNS lookup happens) and no bits may be set past the prefix length,
 * because {@code 192.0.2.1/24} in a list is almost always a typo.
 */
public record IpPrefix(byte[] address, int length) {

    public IpPrefix {
        address = address.clone();
        if (address.length != 4 && address.length != 16) {
            throw new IllegalArgumentException("address must be IPv4 or IPv6");
        }
        if (length < 0 || length > address.length * 8) {
            throw new IllegalArgumentException("prefix length " + length + " is out of range for IPv" + (address.length == 4 ? 4 : 6));
        }
    }

    /** Parses {@code addr/len}; a bare address is a host prefix. */
    public static IpPrefix parse(String text) {
        String s = text.strip();
        int slash = s.indexOf('/');
        byte[] bytes = literal(slash < 0 ? s : s.substring(0, slash));
        int len = bytes.length * 8;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("bad prefix length '" + p + "' in '" + text + "'");
            }
            len = Integer.parseInt(p);
        }
        IpPrefix prefix = new IpPrefix(bytes, len);
        if (!Arrays.equals(prefix.address, prefix.networkBytes())) {
            throw new IllegalArgumentException("'" + text + "' has host bits set; the network is " + prefix.canonical());
        }
        return prefix;
    }

    /** An IP literal as bytes; throws IllegalArgumentException for anything else (names are never resolved). */
    public static byte[] literal(String addr) {
        if (addr.isEmpty()) {
            throw new IllegalArgumentException("empty address");
        }
        if (addr.indexOf(':') >= 0) {
            if (!addr.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                throw new IllegalArgumentException("not an IP address '" + addr + "'");
            }
            try {
                byte[] b = InetAddress.getByName(addr).getAddress();
                if (b.length != 16) {
                    throw new IllegalArgumentException("not an IPv6 address '" + addr + "'");
                }
                return b;
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IP address '" + addr + "'");
            }
        }
        String[] parts = addr.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IP address '" + addr + "'");
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (p.length() > 1 && p.charAt(0) == '0') || Integer.parseInt(p) > 255) {
                throw new IllegalArgumentException("not an IP address '" + addr + "'");
            }
            out[i] = (byte) Integer.parseInt(p);
        }
        return out;
    }

    /** Builds the prefix that starts at {@code start} (as an unsigned integer) with the given length. */
    public static IpPrefix of(BigInteger start, int length, boolean ipv4) {
        int size = ipv4 ? 4 : 16;
        byte[] raw = start.toByteArray();
        byte[] out = new byte[size];
        int copy = Math.min(raw.length, size);
        System.arraycopy(raw, raw.length - copy, out, size - copy, copy);
        return new IpPrefix(out, length);
    }

    public boolean isIpv4() {
        return address.length == 4;
    }

    public int bits() {
        return address.length * 8;
    }

    @Override
    public byte[] address() {
        return address.clone();
    }

    /** The first address as an unsigned integer. */
    public BigInteger first() {
        return new BigInteger(1, networkBytes());
    }

    /** The last address as an unsigned integer. */
    public BigInteger last() {
        return first().add(BigInteger.ONE.shiftLeft(bits() - length)).subtract(BigInteger.ONE);
    }

    /** True when this prefix and {@code other} share at least one address. */
    public boolean overlaps(IpPrefix other) {
        return isIpv4() == other.isIpv4()
                && first().compareTo(other.last()) <= 0 && other.first().compareTo(last()) <= 0;
    }

    /** The canonical text form, e.g. {@code 2001:db8::/32}. */
    public String canonical() {
        return host(networkBytes()) + "/" + length;
    }

    /** The network address only, in canonical text form. */
    public String networkAddress() {
        return host(networkBytes());
    }

    private byte[] networkBytes() {
        byte[] b = address.clone();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, length - i * 8));
            b[i] &= (byte) (0xFF << (8 - keep));
        }
        return b;
    }

    private static String host(byte[] b) {
        if (b.length == 4) {
            return (b[0] & 0xFF) + "." + (b[1] & 0xFF) + "." + (b[2] & 0xFF) + "." + (b[3] & 0xFF);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
        }
        int[] run = longestZeroRun(groups);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == run[0]) {
                sb.append(i == 0 ? "::" : ":");
                i += run[1] - 1;
                continue;
            }
            sb.append(Integer.toHexString(groups[i]));
            if (i < 7) {
                sb.append(':');
            }
        }
        return sb.toString();
    }

    /**
     * The start and length of the longest run of two or more zero groups (RFC 5952), or {-1, 0}.
     * Shared with the RPZ writer, which marks the same run with {@code zz}.
     */
    public static int[] longestZeroRun(int[] groups) {
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < groups.length; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < groups.length && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen && j - i >= 2) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        return new int[] {bestStart, bestLen};
    }

    /** The eight 16-bit groups of an IPv6 prefix's network address. */
    public int[] groups() {
        byte[] b = networkBytes();
        int[] groups = new int[b.length / 2];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
        }
        return groups;
    }

    /** The network address bytes. */
    public byte[] network() {
        return networkBytes();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpPrefix p && p.length == length && Arrays.equals(p.networkBytes(), networkBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(networkBytes()) * 31 + length;
    }

    @Override
    public String toString() {
        return canonical();
    }
}

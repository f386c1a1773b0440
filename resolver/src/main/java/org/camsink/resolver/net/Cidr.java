package org.camsink.resolver.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 prefix such as {@code 10.0.0.0/8} or {@code fd00::/8}. A bare address is a host prefix.
 * Parsing never does a DNS lookup.
 */
public record Cidr(byte[] network, int prefix) {

    public Cidr {
        network = network.clone();
        if (network.length != 4 && network.length != 16) {
            throw new IllegalArgumentException("address must be IPv4 or IPv6");
        }
        if (prefix < 0 || prefix > network.length * 8) {
            throw new IllegalArgumentException("prefix length out of range");
        }
        mask(network, prefix);
    }

    /** Parses {@code addr/len} or a bare address. Throws IllegalArgumentException with a short reason. */
    public static Cidr parse(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        byte[] bytes = literal(addr);
        int len = bytes.length * 8;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("bad prefix length '" + p + "'");
            }
            len = Integer.parseInt(p);
        }
        return new Cidr(bytes, len);
    }

    /** Parses an IP literal without ever resolving a name. */
    public static byte[] literal(String addr) {
        String a = addr.startsWith("[") && addr.endsWith("]") ? addr.substring(1, addr.length() - 1) : addr;
        if (a.isEmpty()) {
            throw new IllegalArgumentException("empty address");
        }
        boolean v6 = a.indexOf(':') >= 0;
        if (v6) {
            if (!a.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                throw new IllegalArgumentException("not an IP address '" + addr + "'");
            }
        } else {
            String[] parts = a.split("\\.", -1);
            if (parts.length != 4) {
                throw new IllegalArgumentException("not an IP address '" + addr + "'");
            }
            byte[] out = new byte[4];
            for (int i = 0; i < 4; i++) {
                String p = parts[i];
                if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                    throw new IllegalArgumentException("not an IP address '" + addr + "'");
                }
                int v = Integer.parseInt(p);
                if (v > 255) {
                    throw new IllegalArgumentException("not an IP address '" + addr + "'");
                }
                out[i] = (byte) v;
            }
            return out;
        }
        try {
            return InetAddress.getByName(a).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address '" + addr + "'");
        }
    }

    private static void mask(byte[] b, int prefix) {
        for (int i = 0; i < b.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            b[i] &= (byte) (0xFF << (8 - bits));
        }
    }

    public boolean isIpv4() {
        return network.length == 4;
    }

    public boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    /** Whether this IPv4 prefix holds the address given as its 32 bits ({@link Ipv4Bits}); false for IPv6. */
    public boolean containsIpv4(int addr) {
        if (network.length != 4) {
            return false;
        }
        int net = (network[0] & 0xFF) << 24 | (network[1] & 0xFF) << 16 | (network[2] & 0xFF) << 8 | network[3] & 0xFF;
        int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
        return (addr & mask) == net;
    }

    public boolean contains(byte[] addr) {
        if (addr.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (addr[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int m = 0xFF << (8 - rest) & 0xFF;
        return (addr[full] & m) == (network[full] & 0xFF);
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefix;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}

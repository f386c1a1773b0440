package org.camsink.resolver.acl;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import org.camsink.resolver.net.Cidr;
import org.camsink.resolver.net.Ipv4Bits;

/**
 * A client address cut to a prefix length, as the two 64-bit halves of a table key. An IPv4 address (or an
 * IPv4-mapped IPv6 one) becomes the IPv4-mapped form {@code ::ffff:a.b.c.d} with its host bits cleared, so it
 * never meets an IPv6 prefix; an IPv6 address keeps its first {@code ipv6} bits.
 *
 * <p>Not thread-safe: one instance per call site or thread, filled by {@link #of} and read at once.
 */
final class ClientPrefix {
    private static final long MAPPED = 0xFFFFL << 32;

    long hi;
    long lo;
    /** Whether the address was IPv4, for the exempt check and for callers that key by family. */
    boolean ipv4;
    int ipv4Bits;
    byte[] ipv6Bytes;

    /** Cuts {@code client} to {@code ipv4Len} or {@code ipv6Len} bits; returns this. */
    ClientPrefix of(InetAddress client, int ipv4Len, int ipv6Len) {
        if (client instanceof Inet4Address v4) {
            return ofIpv4(Ipv4Bits.of(v4), ipv4Len);
        }
        byte[] a = ClientAcl.unmapped(client.getAddress());
        if (a.length == 4) {
            return ofIpv4((a[0] & 0xFF) << 24 | (a[1] & 0xFF) << 16 | (a[2] & 0xFF) << 8 | a[3] & 0xFF, ipv4Len);
        }
        ipv4 = false;
        ipv6Bytes = a;
        long h = 0;
        long l = 0;
        for (int i = 0; i < 8; i++) {
            h = h << 8 | a[i] & 0xFF;
            l = l << 8 | a[i + 8] & 0xFF;
        }
        hi = ipv6Len >= 64 ? h : ipv6Len == 0 ? 0 : h & -1L << (64 - ipv6Len);
        lo = ipv6Len <= 64 ? 0 : ipv6Len == 128 ? l : l & -1L << (128 - ipv6Len);
        return this;
    }

    private ClientPrefix ofIpv4(int bits, int len) {
        ipv4 = true;
        ipv4Bits = bits;
        ipv6Bytes = null;
        hi = 0;
        lo = MAPPED | (len == 0 ? 0 : bits & 0xFFFFFFFFL & -1L << (32 - len));
        return this;
    }

    /** Whether the address last given to {@link #of} lies in one of {@code ranges}. */
    boolean in(List<Cidr> ranges) {
        for (Cidr c : ranges) {
            if (ipv4 ? c.containsIpv4(ipv4Bits) : c.contains(ipv6Bytes)) {
                return true;
            }
        }
        return false;
    }
}

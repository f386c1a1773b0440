package org.camsink.resolver.acl;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import org.camsink.resolver.config.Config;
import org.camsink.resolver.net.Cidr;
import org.camsink.resolver.net.Ipv4Bits;

/**
 * Who may ask. Without {@code clients.allow} the private and local ranges are allowed: loopback, RFC 1918,
 * the carrier-grade NAT range 100.64.0.0/10, IPv4 and IPv6 link-local, and IPv6 unique local addresses.
 * A non-empty {@code clients.allow} replaces that set; {@code clients.deny} always wins over allow.
 * An IPv4-mapped IPv6 source ({@code ::ffff:a.b.c.d}) is judged as its IPv4 address.
 */
public final class ClientAcl {
    static final List<Cidr> LOCAL = List.of(
            Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128"),
            Cidr.parse("10.0.0.0/8"), Cidr.parse("172.16.0.0/12"), Cidr.parse("192.168.0.0/16"),
            Cidr.parse("100.64.0.0/10"), Cidr.parse("169.254.0.0/16"),
            Cidr.parse("fc00::/7"), Cidr.parse("fe80::/10"));

    private final List<Cidr> allow;
    private final List<Cidr> deny;

    public ClientAcl(Config.Clients clients) {
        this.allow = clients.allow().isEmpty() ? LOCAL : clients.allow();
        this.deny = clients.deny();
    }

    public boolean allowed(InetAddress client) {
        if (client instanceof Inet4Address v4) {
            return allowedIpv4(Ipv4Bits.of(v4));
        }
        byte[] a = unmapped(client.getAddress());
        for (Cidr c : deny) {
            if (c.contains(a)) {
                return false;
            }
        }
        for (Cidr c : allow) {
            if (c.contains(a)) {
                return true;
            }
        }
        return false;
    }

    /** The same rules for an IPv4 client, on its 32 bits: nothing is copied for each query. */
    private boolean allowedIpv4(int a) {
        for (Cidr c : deny) {
            if (c.containsIpv4(a)) {
                return false;
            }
        }
        for (Cidr c : allow) {
            if (c.containsIpv4(a)) {
                return true;
            }
        }
        return false;
    }

    /** The IPv4 address inside an IPv4-mapped IPv6 address, else the address itself. */
    static byte[] unmapped(byte[] a) {
        if (a.length == 16) {
            for (int i = 0; i < 10; i++) {
                if (a[i] != 0) {
                    return a;
                }
            }
            if (a[10] == (byte) 0xFF && a[11] == (byte) 0xFF) {
                return new byte[] {a[12], a[13], a[14], a[15]};
            }
        }
        return a;
    }
}

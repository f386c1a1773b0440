package org.camsink.blocklists.export;

import org.camsink.blocklists.net.IpPrefix;

/**
 * Firewall rules that stop LAN clients (cameras with hard-coded resolvers such as 8.8.8.8 or 114.114.114.114) from
 * reaching any DNS server other than camsink.
 *
 * @param dnsServer camsink's address, an IPv4 or IPv6 literal
 * @param lan       the LAN interface (nftables) or interface list (MikroTik) the clients arrive on
 * @param mode      redirect plain DNS to camsink, or drop it
 */
public record AntiBypass(String dnsServer, String lan, Mode mode) {
    public enum Mode { REDIRECT, DROP }

    public AntiBypass {
        IpPrefix.literal(dnsServer);
        if (lan == null || !lan.matches("[A-Za-z0-9_.@:-]{1,32}")) {
            throw new IllegalArgumentException("LAN interface name '" + lan + "' must be 1-32 letters, digits or _.@:-");
        }
    }

    public boolean ipv6() {
        return dnsServer.indexOf(':') >= 0;
    }
}

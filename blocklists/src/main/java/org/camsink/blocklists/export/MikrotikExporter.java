package org.camsink.blocklists.export;

/**
 * A RouterOS script: address-list entries (ranges, and domains as FQDN entries that RouterOS resolves and keeps up
 * to date; an FQDN entry covers that exact name only), forward rules that drop traffic to the list, and with
 * {@link AntiBypass} rules that keep LAN clients on camsink for DNS. Re-running it first removes what it added.
 */
public final class MikrotikExporter implements Exporter {
    @Override
    public String write(ExportRequest request) {
        String list = request.name();
        String tag = "camsink";
        Text t = new Text("#").header(request, "mikrotik");
        t.comment("Import with: /import file-name=FILE");
        t.line("/ip firewall address-list remove [find list=\"" + list + "\"]");
        t.line("/ipv6 firewall address-list remove [find list=\"" + list + "\"]");
        t.line("/ip firewall filter remove [find comment~\"^" + tag + ":\"]");
        t.line("/ipv6 firewall filter remove [find comment~\"^" + tag + ":\"]");
        t.line("/ip firewall nat remove [find comment~\"^" + tag + ":\"]");
        for (ExportEntry e : request.entries()) {
            boolean v6 = !e.isDomain() && !e.prefix().isIpv4();
            t.line((v6 ? "/ipv6" : "/ip") + " firewall address-list add list=\"" + list + "\" address=" + e.value()
                    + " comment=\"" + quote(e.listId() + " " + e.source()) + "\"");
        }
        t.line("/ip firewall filter add chain=forward dst-address-list=\"" + list
                + "\" action=drop comment=\"" + tag + ": vendor clouds\"");
        t.line("/ipv6 firewall filter add chain=forward dst-address-list=\"" + list
                + "\" action=drop comment=\"" + tag + ": vendor clouds\"");
        AntiBypass ab = request.antiBypass();
        if (ab != null) {
            String fw = ab.ipv6() ? "/ipv6" : "/ip";
            String otherFw = ab.ipv6() ? "/ip" : "/ipv6";
            String lan = "in-interface-list=\"" + ab.lan() + "\"";
            String dns = ab.dnsServer();
            for (String proto : new String[] {"udp", "tcp"}) {
                if (ab.mode() == AntiBypass.Mode.REDIRECT) {
                    t.line(fw + " firewall nat add chain=dstnat " + lan + " src-address=!" + dns + " dst-address=!" + dns
                            + " protocol=" + proto + " dst-port=53 action=dst-nat to-addresses=" + dns
                            + " to-ports=53 comment=\"" + tag + ": plain DNS to camsink\"");
                } else {
                    t.line(fw + " firewall filter add chain=forward " + lan + " dst-address=!" + dns + " protocol=" + proto
                            + " dst-port=53 action=drop comment=\"" + tag + ": DNS only via camsink\"");
                }
                t.line(otherFw + " firewall filter add chain=forward " + lan + " protocol=" + proto
                        + " dst-port=53 action=drop comment=\"" + tag + ": DNS only via camsink\"");
            }
            for (String f : new String[] {"/ip", "/ipv6"}) {
                t.line(f + " firewall filter add chain=forward " + lan
                        + " protocol=tcp dst-port=853 action=reject reject-with=tcp-reset comment=\"" + tag
                        + ": no DNS over TLS around camsink\"");
            }
        }
        return t.toString();
    }

    /** Escapes a value for a double-quoted RouterOS string. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\' || c == '$' || c == '?') {
                sb.append('\\');
            }
            sb.append(c < 0x20 ? ' ' : c);
        }
        return sb.toString();
    }
}

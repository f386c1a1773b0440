package org.camsink.blocklists.export;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An nftables script: one {@code inet} table with interval sets for the IPv4 and IPv6 ranges, the forward and
 * output rules that drop traffic to them, and, with {@link AntiBypass}, rules that stop LAN clients from using any
 * DNS server but camsink. Loading it replaces the previous version of the table ({@code nft -f FILE}).
 * Domains cannot be matched by a firewall; they are listed as comments and left to DNS.
 */
public final class NftablesExporter implements Exporter {
    @Override
    public String write(ExportRequest request) {
        String table = request.name();
        Text t = new Text("#").header(request, "nftables");
        t.comment("Load with: nft -f FILE   (check first with: nft -c -f FILE)");
        for (ExportEntry e : request.domains()) {
            t.comment("domain " + e.domain() + " (" + e.listId() + ") is filtered by DNS, not here");
        }
        t.line("table inet " + table);
        t.line("delete table inet " + table);
        t.line("table inet " + table + " {");
        List<ExportEntry> v4 = request.ranges(true);
        List<ExportEntry> v6 = request.ranges(false);
        set(t, "blocked_v4", "ipv4_addr", v4);
        set(t, "blocked_v6", "ipv6_addr", v6);
        for (String hook : List.of("forward", "output")) {
            t.line("\tchain block_" + hook + " {");
            t.line("\t\ttype filter hook " + hook + " priority filter; policy accept;");
            t.line("\t\tip daddr @blocked_v4 counter " + verdict(hook) + " comment \"camsink: vendor ranges\"");
            t.line("\t\tip6 daddr @blocked_v6 counter " + verdict(hook) + " comment \"camsink: vendor ranges\"");
            t.line("\t}");
        }
        if (request.antiBypass() != null) {
            antiBypass(t, request.antiBypass());
        }
        t.line("}");
        return t.toString();
    }

    private static String verdict(String hook) {
        return hook.equals("output") ? "reject" : "drop";
    }

    private static void set(Text t, String name, String type, List<ExportEntry> entries) {
        t.line("\tset " + name + " {");
        t.line("\t\ttype " + type);
        t.line("\t\tflags interval");
        t.line("\t\tauto-merge");
        if (!entries.isEmpty()) {
            t.line("\t\telements = {");
            t.line(entries.stream().map(e -> "\t\t\t" + e.value()).collect(Collectors.joining(",\n")));
            t.line("\t\t}");
        }
        t.line("\t}");
    }

    private static void antiBypass(Text t, AntiBypass ab) {
        String family = ab.ipv6() ? "ip6" : "ip";
        String other = ab.ipv6() ? "ip" : "ip6";
        String dns = ab.dnsServer();
        String lan = "iifname \"" + ab.lan() + "\"";
        t.line("\t# Anti-bypass: LAN clients on " + ab.lan() + " may use only " + dns + " for DNS.");
        if (ab.mode() == AntiBypass.Mode.REDIRECT) {
            String to = ab.ipv6() ? "[" + dns + "]:53" : dns + ":53";
            t.line("\tchain dns_redirect {");
            t.line("\t\ttype nat hook prerouting priority dstnat; policy accept;");
            for (String proto : List.of("udp", "tcp")) {
                t.line("\t\t" + lan + " " + family + " saddr != " + dns + " " + family + " daddr != " + dns + " " + proto
                        + " dport 53 counter dnat " + family + " to " + to + " comment \"camsink: plain DNS to camsink\"");
            }
            t.line("\t}");
        }
        t.line("\tchain dns_bypass {");
        t.line("\t\ttype filter hook forward priority filter - 5; policy accept;");
        for (String proto : List.of("udp", "tcp")) {
            if (ab.mode() == AntiBypass.Mode.DROP) {
                t.line("\t\t" + lan + " " + family + " daddr != " + dns + " " + proto
                        + " dport 53 counter drop comment \"camsink: DNS only via camsink\"");
            }
            t.line("\t\t" + lan + " meta nfproto " + (other.equals("ip") ? "ipv4" : "ipv6") + " " + proto
                    + " dport 53 counter drop comment \"camsink: DNS only via camsink\"");
        }
        t.line("\t\t" + lan + " tcp dport 853 counter reject with tcp reset comment \"camsink: no DNS over TLS around camsink\"");
        t.line("\t\t" + lan + " udp dport 853 counter drop comment \"camsink: no DNS over QUIC around camsink\"");
        t.line("\t}");
    }
}

package org.camsink.blocklists.export;

import org.camsink.blocklists.net.IpPrefix;

/**
 * A complete RPZ zone (BIND, Unbound, PowerDNS, Knot Resolver): SOA and NS at the apex, {@code CNAME .} (NXDOMAIN)
 * for each domain and its subdomains, and {@code rpz-ip} triggers for ranges. Entries of log-only lists use
 * {@code CNAME rpz-passthru.}, so the server logs the match without changing the answer.
 */
public final class RpzExporter implements Exporter {
    @Override
    public String write(ExportRequest request) {
        Text t = new Text(";").header(request, "rpz");
        long serial = request.generatedAt().getEpochSecond() & 0xFFFFFFFFL;
        t.line("$TTL 300");
        t.line("@\tIN\tSOA\tlocalhost. hostmaster.localhost. ( " + serial + " 3600 600 604800 300 )");
        t.line("@\tIN\tNS\tlocalhost.");
        t.line("");
        for (ExportEntry e : request.entries()) {
            String action = e.block() ? "." : "rpz-passthru.";
            t.source(e);
            if (e.isDomain()) {
                t.line(e.domain() + "\tCNAME\t" + action);
                t.line("*." + e.domain() + "\tCNAME\t" + action);
            } else {
                t.line(ipTrigger(e.prefix()) + "\tCNAME\t" + action);
            }
        }
        return t.toString();
    }

    /**
     * The owner name of an {@code rpz-ip} trigger: the prefix length, then the address reversed, octets for IPv4
     * and 16-bit groups for IPv6 with the longest zero run written once as {@code zz}.
     */
    public static String ipTrigger(IpPrefix p) {
        StringBuilder sb = new StringBuilder().append(p.length());
        if (p.isIpv4()) {
            byte[] b = p.network();
            for (int i = 3; i >= 0; i--) {
                sb.append('.').append(b[i] & 0xFF);
            }
        } else {
            int[] g = p.groups();
            int[] run = IpPrefix.longestZeroRun(g);
            for (int i = 7; i >= 0; i--) {
                if (run[0] >= 0 && i == run[0] + run[1] - 1) {
                    sb.append(".zz");
                    i = run[0];
                    continue;
                }
                sb.append('.').append(Integer.toHexString(g[i]));
            }
        }
        return sb.append(".rpz-ip").toString();
    }
}

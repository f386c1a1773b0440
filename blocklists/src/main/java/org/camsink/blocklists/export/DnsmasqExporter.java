package org.camsink.blocklists.export;

/**
 * dnsmasq {@code address=/name/} lines: NXDOMAIN for the name and all its subdomains. Ranges cannot be expressed in
 * dnsmasq and are listed as comments only.
 */
public final class DnsmasqExporter implements Exporter {
    @Override
    public String write(ExportRequest request) {
        Text t = new Text("#").header(request, "dnsmasq");
        for (ExportEntry e : request.domains()) {
            t.source(e).line("address=/" + e.domain() + "/");
        }
        for (ExportEntry e : request.entries()) {
            if (!e.isDomain()) {
                t.comment("range " + e.value() + " (" + e.listId() + ") needs the nftables, ipset or mikrotik export");
            }
        }
        return t.toString();
    }
}

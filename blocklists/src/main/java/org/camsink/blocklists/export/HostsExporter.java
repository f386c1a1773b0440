package org.camsink.blocklists.export;

/**
 * A hosts file ({@code 0.0.0.0 name}) for Pi-hole, AdGuard Home or {@code /etc/hosts}. Hosts entries match the
 * exact name only, so subdomains of an entry are not covered; ranges cannot be expressed and are left out.
 */
public final class HostsExporter implements Exporter {
    @Override
    public String write(ExportRequest request) {
        Text t = new Text("#").header(request, "hosts");
        for (ExportEntry e : request.domains()) {
            t.source(e).line("0.0.0.0 " + e.domain());
        }
        return t.toString();
    }
}

package org.camsink.blocklists.export;

/**
 * An Unbound config fragment: {@code local-zone: "name." always_nxdomain} under {@code server:}, for the name and
 * its subdomains. Ranges are listed as comments; load the rpz export for IP triggers.
 */
public final class UnboundExporter implements Exporter {
    @Override
    public String write(ExportRequest request) {
        Text t = new Text("#").header(request, "unbound");
        t.line("server:");
        for (ExportEntry e : request.domains()) {
            t.source(e).line("\tlocal-zone: \"" + e.domain() + ".\" always_nxdomain");
        }
        for (ExportEntry e : request.entries()) {
            if (!e.isDomain()) {
                t.comment("range " + e.value() + " (" + e.listId() + ") needs the rpz export (rpz-ip trigger)");
            }
        }
        return t.toString();
    }
}

package org.camsink.blocklists.export;

/** One domain per line (Pi-hole "domains" lists, Blocky, camsink); each line covers the name and its subdomains. */
public final class DomainsExporter implements Exporter {
    @Override
    public String write(ExportRequest request) {
        Text t = new Text("#").header(request, "domains");
        for (ExportEntry e : request.domains()) {
            t.source(e).line(e.domain());
        }
        return t.toString();
    }
}

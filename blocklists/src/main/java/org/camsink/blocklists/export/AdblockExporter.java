package org.camsink.blocklists.export;

/** Adblock-style DNS rules ({@code ||name^}) for AdGuard Home and Pi-hole 6, covering the name and its subdomains. */
public final class AdblockExporter implements Exporter {
    @Override
    public String write(ExportRequest request) {
        Text t = new Text("!").header(request, "adblock");
        for (ExportEntry e : request.domains()) {
            t.source(e).line("||" + e.domain() + "^");
        }
        return t.toString();
    }
}

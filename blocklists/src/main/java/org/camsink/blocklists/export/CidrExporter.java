package org.camsink.blocklists.export;

/** One CIDR per line, the format the resolver's {@code cidr} lists read; domains are left out. */
public final class CidrExporter implements Exporter {
    @Override
    public String write(ExportRequest request) {
        Text t = new Text("#").header(request, "cidr");
        for (ExportEntry e : request.entries()) {
            if (!e.isDomain()) {
                t.source(e).line(e.value());
            }
        }
        return t.toString();
    }
}

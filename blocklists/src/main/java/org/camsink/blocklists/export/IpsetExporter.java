package org.camsink.blocklists.export;

import java.util.List;

/**
 * {@code ipset restore} input: two {@code hash:net} sets (IPv4 and IPv6), created if missing, flushed, then filled.
 * The restore format has no comment syntax, so this is the one format without a header; domains are left out.
 */
public final class IpsetExporter implements Exporter {
    @Override
    public String write(ExportRequest request) {
        StringBuilder sb = new StringBuilder();
        set(sb, request.name() + "-v4", "inet", request.ranges(true));
        set(sb, request.name() + "-v6", "inet6", request.ranges(false));
        return sb.toString();
    }

    private static void set(StringBuilder sb, String name, String family, List<ExportEntry> entries) {
        sb.append("create ").append(name).append(" hash:net family ").append(family).append(" -exist\n");
        sb.append("flush ").append(name).append('\n');
        for (ExportEntry e : entries) {
            sb.append("add ").append(name).append(' ').append(e.value()).append(" -exist\n");
        }
    }
}

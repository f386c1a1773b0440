package org.camsink.blocklists.export;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camsink.blocklists.catalogue.ListEntry;
import org.camsink.blocklists.catalogue.VendorList;
import org.camsink.blocklists.net.IpPrefix;

/**
 * What to export: the selected lists' entries, when, and the options some formats take.
 *
 * @param lists      the selected lists, for the header (id and action)
 * @param entries    the entries, de-duplicated, in list order
 * @param antiBypass DNS anti-bypass rules for the firewall formats, or null
 * @param name       the RPZ zone origin, or the firewall table/address-list name
 */
public record ExportRequest(List<ListInfo> lists, List<ExportEntry> entries, Instant generatedAt,
                            AntiBypass antiBypass, String name) {

    /** A selected list as the header shows it. */
    public record ListInfo(String id, String action, String origin) {}

    /** Flattens catalogue lists (and any extra ranges) into a request. */
    public static ExportRequest of(List<VendorList> lists, List<ExtraRanges> extra, Instant generatedAt,
                                   AntiBypass antiBypass, String name) {
        List<ListInfo> infos = new ArrayList<>();
        Map<String, ExportEntry> entries = new LinkedHashMap<>();
        for (VendorList list : lists) {
            infos.add(new ListInfo(list.id(), list.action(), "camsink/lists/" + list.id() + ".yaml"));
            for (ListEntry e : list.entries()) {
                ExportEntry entry = e.isDomain()
                        ? new ExportEntry(list.id(), list.blocks(), e.domain(), null, e.source())
                        : new ExportEntry(list.id(), list.blocks(), null, IpPrefix.parse(e.cidr()), e.source());
                entries.putIfAbsent(entry.value(), entry);
            }
        }
        for (ExtraRanges r : extra) {
            infos.add(new ListInfo(r.id(), "block", r.origin()));
            for (IpPrefix p : r.prefixes()) {
                entries.putIfAbsent(p.canonical(), new ExportEntry(r.id(), true, null, p, r.origin()));
            }
        }
        return new ExportRequest(List.copyOf(infos), List.copyOf(entries.values()), generatedAt, antiBypass, name);
    }

    /** A plain CIDR file given on the command line, such as the output of {@code lists country-ranges}. */
    public record ExtraRanges(String id, String origin, List<IpPrefix> prefixes) {}

    public List<ExportEntry> domains() {
        return entries.stream().filter(ExportEntry::isDomain).toList();
    }

    public List<ExportEntry> ranges(boolean ipv4) {
        return entries.stream().filter(e -> !e.isDomain() && e.prefix().isIpv4() == ipv4).toList();
    }

    /** The header lines every format that allows comments starts with (without comment markers). */
    public List<String> header(String format) {
        List<String> lines = new ArrayList<>();
        lines.add("camsink blocklist export, format " + format);
        lines.add("generated " + generatedAt);
        StringBuilder ids = new StringBuilder("lists:");
        for (ListInfo l : lists) {
            ids.append(' ').append(l.id()).append(" (").append(l.action()).append(')');
        }
        lines.add(ids.toString());
        lines.add("sources: each entry's public source is in the comment above it and in its catalogue file");
        for (ListInfo l : lists) {
            lines.add("  " + l.id() + ": " + l.origin());
        }
        lines.add("catalogue format and sourcing rules: blocklists/README.md in camsink");
        return lines;
    }
}

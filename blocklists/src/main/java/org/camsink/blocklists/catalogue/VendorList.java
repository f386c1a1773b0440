package org.camsink.blocklists.catalogue;

import java.time.LocalDate;
import java.util.List;

/**
 * One vendor list of the catalogue, as written in {@code blocklists/lists/<id>.yaml}.
 *
 * @param action the default action: {@code block} or {@code log}
 */
public record VendorList(String id, String vendor, List<String> products, String operatorCountry, String action,
                         LocalDate reviewed, String why, List<ListEntry> entries) {

    public List<String> domains() {
        return entries.stream().filter(ListEntry::isDomain).map(ListEntry::domain).toList();
    }

    public List<String> cidrs() {
        return entries.stream().filter(e -> !e.isDomain()).map(ListEntry::cidr).toList();
    }

    /** True when the list's default action is {@code block} (the others only log). */
    public boolean blocks() {
        return "block".equals(action);
    }
}

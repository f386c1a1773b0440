package org.camsink.report;

/**
 * Hits on one list entry.
 *
 * @param list    the list id, such as {@code trassir}
 * @param entry   the list entry that matched ({@code cloud.trassir.com} or a CIDR from the list), never a full query name
 * @param match   {@code qname}, {@code cname} or {@code ip}
 * @param queries how many queries matched
 * @param clients how many distinct LAN clients sent them
 */
public record ReportHit(String list, String entry, String match, long queries, long clients) {}

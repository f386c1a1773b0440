package org.camsink.blocklists.catalogue;

/**
 * One catalogue entry: exactly one of {@code domain} (a suffix: the name and every subdomain) or {@code cidr}.
 *
 * @param source a public URL, or {@code owner/repo:path} of public code
 * @param note   optional context
 */
public record ListEntry(String domain, String cidr, String source, String note) {

    public boolean isDomain() {
        return domain != null;
    }

    /** The entry as it appears in hits and reports: the domain suffix or the CIDR. */
    public String value() {
        return domain != null ? domain : cidr;
    }
}

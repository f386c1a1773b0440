package org.camsink.blocklists.export;

import org.camsink.blocklists.net.IpPrefix;

/**
 * One entry to export, flattened from its list.
 *
 * @param domain a domain suffix, or null for an IP range
 * @param prefix an IP range, or null for a domain
 * @param block  true when the entry's list blocks, false when it only logs
 */
public record ExportEntry(String listId, boolean block, String domain, IpPrefix prefix, String source) {

    public boolean isDomain() {
        return domain != null;
    }

    /** The domain or the canonical CIDR. */
    public String value() {
        return domain != null ? domain : prefix.canonical();
    }
}

package org.camsink.resolver.blocking.format;

import org.camsink.blocklists.catalogue.Catalogue;
import org.camsink.blocklists.catalogue.CatalogueException;
import org.camsink.blocklists.catalogue.ListEntry;
import org.camsink.blocklists.catalogue.VendorList;
import org.camsink.resolver.blocking.DomainNames;
import org.camsink.resolver.blocking.DomainSet;
import org.camsink.resolver.blocking.Policy;
import org.camsink.resolver.net.Cidr;

/**
 * camsink catalogue lists (YAML, as in {@code blocklists/lists/}): every {@code domain:} entry blocks itself and
 * its subdomains, every {@code cidr:} entry blocks answers in that range, and the list's {@code action:} becomes
 * the default action. A file that is not valid YAML fails as a whole (the message has the line).
 */
final class CatalogueParser implements ListParser {
    @Override
    public void parse(ListInput in, ListBuilder out) {
        VendorList list;
        try {
            list = Catalogue.read(in.stream(), out.name());
        } catch (CatalogueException e) {
            throw new ListFormatException(e.getMessage(), e);
        }
        add(list, out);
    }

    /** Adds the entries of an already-read catalogue list, such as a bundled one. */
    static void add(VendorList list, ListBuilder out) {
        out.defaultAction(list.action());
        int index = 0;
        for (ListEntry e : list.entries()) {
            index++;
            String where = "entry " + index;
            if (e == null || e.domain() == null && e.cidr() == null) {
                out.invalid(0, where + ": needs domain: or cidr:");
                continue;
            }
            if (e.domain() != null) {
                try {
                    out.block(DomainNames.normalize(DomainNames.stripWildcard(e.domain())), DomainSet.SUFFIX,
                            Policy.MODE, 0);
                } catch (IllegalArgumentException ex) {
                    out.invalid(0, where + ": " + ex.getMessage());
                }
            }
            if (e.cidr() != null) {
                try {
                    out.block(Cidr.parse(e.cidr()), Policy.MODE);
                } catch (IllegalArgumentException ex) {
                    out.invalid(0, where + ": cidr " + ex.getMessage());
                }
            }
        }
    }
}

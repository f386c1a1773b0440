package org.camsink.resolver.blocking;

import org.camsink.resolver.events.MatchKind;

/**
 * A list entry that matched a query name, a CNAME target or an answer address.
 *
 * @param list   the list id
 * @param entry  the entry as list text ({@code cloud.trassir.com}, {@code *.example.com}, {@code 10.0.0.0/8})
 * @param kind   what matched
 * @param block  true for a {@code block} list, false for a {@code log} list
 * @param policy how the entry wants to be answered
 * @param via    for an answer match, the CNAME target or address that matched; null for a query-name match
 */
public record ListMatch(String list, String entry, MatchKind kind, boolean block, Policy policy, String via) {

    public ListMatch(String list, String entry, MatchKind kind, boolean block, Policy policy) {
        this(list, entry, kind, block, policy, null);
    }

    /** The resolution reason, {@code list:entry}. */
    public String reason() {
        return list + ":" + entry;
    }

    ListMatch via(String what) {
        return new ListMatch(list, entry, kind, block, policy, what);
    }
}

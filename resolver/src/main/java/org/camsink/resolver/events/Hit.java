package org.camsink.resolver.events;

import java.net.InetAddress;

/**
 * One query that matched a list entry.
 *
 * @param list    the list id, such as {@code trassir}
 * @param entry   the list entry that matched ({@code cloud.trassir.com} or a CIDR), never the full query name
 * @param match   qname, cname or ip
 * @param client  the LAN client that asked; stays on this machine
 * @param blocked true when the answer was sinkholed, false for log-only lists
 * @param via     for a CNAME or IP match on a query name that no list matches: the CNAME target or the answer
 *                address that matched (what rebrand discovery shows as the reason); null otherwise. It stays on
 *                this machine and is never reported.
 */
public record Hit(String list, String entry, MatchKind match, InetAddress client, boolean blocked, String via) {

    /** A hit without a {@code via}: the query name matched, or the answer matched under a listed name. */
    public Hit(String list, String entry, MatchKind match, InetAddress client, boolean blocked) {
        this(list, entry, match, client, blocked, null);
    }
}

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
 */
public record Hit(String list, String entry, MatchKind match, InetAddress client, boolean blocked) {}

package org.camsink.resolver.discovery;

import java.net.InetAddress;
import java.time.Instant;
import org.camsink.resolver.events.MatchKind;

/**
 * One row of the candidate table: a registrable domain that a camera asked for, and why it looks like a vendor
 * cloud under another name. Everything but {@link #domain} stays on this machine.
 *
 * @param domain    the registrable domain (eTLD+1) of the name the camera asked for
 * @param client    the camera's address
 * @param queries   how many of its queries led here
 * @param reason    what the first such answer led into
 * @param shareable true when the list that flagged it is a bundled one, so telemetry may report the domain
 */
public record Candidate(String domain, InetAddress client, long queries, Instant firstSeen, Instant lastSeen,
                        Reason reason, boolean shareable) {

    /**
     * Why a name is a candidate.
     *
     * @param name  the full name the camera asked for (shown to the owner only)
     * @param match {@link MatchKind#CNAME} (the chain led into a listed domain) or {@link MatchKind#IP} (an answer
     *              address lies in a listed range)
     * @param via   the CNAME target or the address that matched
     * @param list  the list that matched
     * @param entry the entry that matched: a domain or a CIDR
     * @param blocked whether that list blocked the answer
     */
    public record Reason(String name, MatchKind match, String via, String list, String entry, boolean blocked) {

        /** One line for people: which range, or which chain. */
        public String text() {
            return match == MatchKind.CNAME
                    ? "CNAME chain " + name + " → " + via + " is in " + entry + " (list " + list + ")"
                    : "answer " + via + " for " + name + " is in " + entry + " (list " + list + ")";
        }
    }
}

package org.camsink.resolver.events;

/** What matched a list entry: the query name, a CNAME target in the answer, or an answer address. */
public enum MatchKind {
    QNAME, CNAME, IP;

    /** The lower-case word used in reports and JSON. */
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package org.camsink.resolver.blocking;

/**
 * What a matching block entry asks for. Most lists say nothing more than "block", which means the configured
 * {@code blocking.mode}; RPZ zones can name the answer per entry.
 */
public enum Policy {
    /** Answer as {@code blocking.mode} says. */
    MODE,
    /** RPZ {@code CNAME .}: NXDOMAIN whatever the mode. */
    NXDOMAIN,
    /** RPZ {@code CNAME *.}: NOERROR with no records whatever the mode. */
    NODATA,
    /** RPZ {@code rpz-drop.}: no answer at all. */
    DROP;

    private static final Policy[] VALUES = values();

    static Policy of(int ordinal) {
        return VALUES[ordinal];
    }
}

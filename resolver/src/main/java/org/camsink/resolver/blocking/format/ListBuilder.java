package org.camsink.resolver.blocking.format;

import java.util.ArrayList;
import java.util.List;
import org.camsink.resolver.blocking.DomainNames;
import org.camsink.resolver.blocking.DomainSet;
import org.camsink.resolver.blocking.IpRangeSet;
import org.camsink.resolver.blocking.Policy;
import org.camsink.resolver.net.Cidr;

/** Collects the rules a parser finds in one file, and every problem with its {@code file:line}. */
public final class ListBuilder {
    /** How many problem messages are kept; the count goes on. */
    public static final int MAX_PROBLEMS = 100;

    private final String name;
    private final DomainSet.Builder domains;
    private final DomainSet.Builder exceptions = DomainSet.builder();
    private final IpRangeSet.Builder ranges = IpRangeSet.builder();
    private final IpRangeSet.Builder rangeExceptions = IpRangeSet.builder();
    private final List<String> problems = new ArrayList<>();
    private long invalid;
    private long ignored;
    private String defaultAction;

    /**
     * @param name          the file name or source used in messages
     * @param expectedLines a size hint for the domain table
     */
    public ListBuilder(String name, int expectedLines) {
        this.name = name;
        this.domains = DomainSet.builder(expectedLines);
    }

    public String name() {
        return name;
    }

    /** Adds a blocking domain rule; an invalid name is reported for {@code line} and skipped. */
    public void block(String raw, int scope, Policy policy, int line) {
        String n = normalized(raw, line);
        if (n != null) {
            domains.add(n, scope, policy);
        }
    }

    /**
     * The fast path: adds a plain ASCII name as a suffix rule answered per the mode, or returns false when the
     * bytes need the careful path ({@link #block(String, int, Policy, int)}), which normalizes or reports them.
     */
    public boolean blockAscii(byte[] b, int from, int to) {
        return domains.addAscii(b, from, to, DomainSet.SUFFIX, Policy.MODE);
    }

    /** Adds an exception (allow) domain rule. */
    public void allow(String raw, int scope, int line) {
        String n = normalized(raw, line);
        if (n != null) {
            exceptions.add(n, scope, Policy.MODE);
        }
    }

    public void block(Cidr cidr, Policy policy) {
        ranges.add(cidr, policy);
    }

    public void allow(Cidr cidr) {
        rangeExceptions.add(cidr, Policy.MODE);
    }

    /** Reports a line that cannot be used; it is skipped and loading goes on. */
    public void invalid(int line, String reason) {
        invalid++;
        note(line, reason);
    }

    /** Counts a valid rule that DNS cannot apply; only the first few of these are named in problems. */
    public void ignored(int line, String reason) {
        ignored++;
        if (ignored <= 10) {
            note(line, "ignored: " + reason);
        }
    }

    public void defaultAction(String action) {
        this.defaultAction = action;
    }

    private void note(int line, String reason) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(line > 0 ? name + ":" + line + ": " + reason : name + ": " + reason);
        }
    }

    private String normalized(String raw, int line) {
        try {
            return DomainNames.normalize(raw);
        } catch (IllegalArgumentException e) {
            invalid(line, e.getMessage());
            return null;
        }
    }

    public ListContent build() {
        return new ListContent(domains.build(), exceptions.build(), ranges.build(), rangeExceptions.build(), invalid,
                ignored, List.copyOf(problems), defaultAction);
    }
}

package org.camsink.resolver.blocking;

import java.util.ArrayList;
import java.util.List;
import org.camsink.resolver.config.Config.ListAction;
import org.camsink.resolver.events.MatchKind;
import org.xbill.DNS.Name;

/**
 * Every list and exception in force at one moment. Immutable: {@link ListManager} builds a new one off the hot
 * path and swaps it in, so a query sees one consistent set from start to end.
 *
 * <p>Exceptions (the top-level {@code allow:} names, AdBlock {@code @@} rules, RPZ passthru) beat every list.
 * Among lists, a {@code block} list beats a {@code log} list; otherwise the first list in config order wins, and
 * within a list the longest matching name.
 */
public final class BlockingSnapshot {
    private static final BlockingSnapshot EMPTY = new BlockingSnapshot(List.of(), DomainSet.empty());

    private final List<LoadedList> lists;
    private final DomainSet allow;
    private final LoadedList[] ordered;
    private final DomainSet[] exceptions;
    private final IpRangeSet[] rangeExceptions;
    private final boolean hasRanges;
    private final boolean empty;

    public BlockingSnapshot(List<LoadedList> lists, DomainSet allow) {
        this.lists = List.copyOf(lists);
        this.allow = allow;
        List<LoadedList> order = new ArrayList<>();
        for (LoadedList l : this.lists) {
            if (l.action() == ListAction.BLOCK) {
                order.add(l);
            }
        }
        for (LoadedList l : this.lists) {
            if (l.action() != ListAction.BLOCK) {
                order.add(l);
            }
        }
        this.ordered = order.toArray(new LoadedList[0]);
        List<DomainSet> ex = new ArrayList<>();
        List<IpRangeSet> rex = new ArrayList<>();
        boolean ranges = false;
        boolean any = false;
        for (LoadedList l : this.lists) {
            if (l.content().exceptions().size() > 0) {
                ex.add(l.content().exceptions());
            }
            if (l.content().rangeExceptions().size() > 0) {
                rex.add(l.content().rangeExceptions());
            }
            ranges |= l.content().ranges().size() > 0;
            any |= l.content().domains().size() > 0 || l.content().ranges().size() > 0;
        }
        this.exceptions = ex.toArray(new DomainSet[0]);
        this.rangeExceptions = rex.toArray(new IpRangeSet[0]);
        this.hasRanges = ranges;
        this.empty = !any;
    }

    public static BlockingSnapshot empty() {
        return EMPTY;
    }

    public List<LoadedList> lists() {
        return lists;
    }

    public DomainSet allow() {
        return allow;
    }

    /** True when no list has any rule: the handler can pass every query straight through. */
    public boolean isEmpty() {
        return empty;
    }

    /** True when some list has address rules, so answers need their A/AAAA records checked. */
    public boolean hasRanges() {
        return hasRanges;
    }

    /** True when an exception covers the name (given in wire form). */
    public boolean allowed(byte[] wire) {
        return allowed(wire, 0);
    }

    /** True when an exception covers the uncompressed wire name at {@code offset}. */
    boolean allowed(byte[] wire, int offset) {
        if (allow.lookup(wire, offset) >= 0) {
            return true;
        }
        for (DomainSet s : exceptions) {
            if (s.lookup(wire, offset) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** True when an RPZ passthru address rule covers the address. */
    public boolean allowedAddress(byte[] address) {
        for (IpRangeSet s : rangeExceptions) {
            if (s.find(address) != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * The list entry that matches a name, or null. {@code wire} is {@code name.toWire()}, passed in so that the
     * caller converts the name once. Exceptions are not consulted here; see {@link #allowed(byte[])}.
     */
    public ListMatch match(Name name, byte[] wire, MatchKind kind) {
        for (LoadedList l : ordered) {
            int m = l.content().domains().lookup(wire, 0);
            if (m >= 0) {
                return new ListMatch(l.id(), DomainSet.entry(name, m), kind, l.action() == ListAction.BLOCK,
                        DomainSet.policy(m));
            }
        }
        return null;
    }

    /** The lists in the order {@link #match} asks them: block lists first, then the rest, each in config order. */
    LoadedList[] matchOrder() {
        return ordered;
    }

    /** The list entry whose range holds the answer address (4 or 16 bytes), or null. */
    public ListMatch matchAddress(byte[] address) {
        for (LoadedList l : ordered) {
            IpRangeSet.Match m = l.content().ranges().find(address);
            if (m != null) {
                return new ListMatch(l.id(), m.entry(), MatchKind.IP, l.action() == ListAction.BLOCK, m.policy());
            }
        }
        return null;
    }
}

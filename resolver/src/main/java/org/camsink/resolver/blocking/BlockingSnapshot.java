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
 * <p>The top-level {@code allow:} names beat every list. A list's own exceptions (AdBlock {@code @@} rules, RPZ
 * passthru) only take names and addresses out of that list: a third-party {@code @@||com^} cannot unblock what
 * another list blocks. Among lists, a {@code block} list beats a {@code log} list; otherwise the first list in
 * config order wins, and within a list the longest matching name.
 */
public final class BlockingSnapshot {
    private static final BlockingSnapshot EMPTY = new BlockingSnapshot(List.of(), DomainSet.empty());

    private final List<LoadedList> lists;
    private final DomainSet allow;
    private final LoadedList[] ordered;
    /** Per list in {@link #ordered}: its own name exceptions, or null when it has none. */
    private final DomainSet[] exceptions;
    /** Per list in {@link #ordered}: its own address exceptions, or null when it has none. */
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
        this.exceptions = new DomainSet[ordered.length];
        this.rangeExceptions = new IpRangeSet[ordered.length];
        boolean ranges = false;
        boolean any = false;
        for (int i = 0; i < ordered.length; i++) {
            LoadedList l = ordered[i];
            if (l.content().exceptions().size() > 0) {
                exceptions[i] = l.content().exceptions();
            }
            if (l.content().rangeExceptions().size() > 0) {
                rangeExceptions[i] = l.content().rangeExceptions();
            }
            ranges |= l.content().ranges().size() > 0;
            any |= l.content().domains().size() > 0 || l.content().ranges().size() > 0;
        }
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

    /** True when the global {@code allow:} covers the name (given in wire form): no list blocks it. */
    public boolean allowed(byte[] wire) {
        return allowed(wire, 0);
    }

    /** True when the global {@code allow:} covers the uncompressed wire name at {@code offset}. */
    boolean allowed(byte[] wire, int offset) {
        return allow.lookup(wire, offset) >= 0;
    }

    /**
     * The rule of list {@code at} (an index into {@link #matchOrder()}) that matches the uncompressed wire name at
     * {@code offset}, as {@link DomainSet#lookup} gives it, or -1: also -1 when one of that list's own exceptions
     * covers the name.
     */
    int lookup(int at, byte[] wire, int offset) {
        int m = ordered[at].content().domains().lookup(wire, offset);
        if (m >= 0 && exceptions[at] != null && exceptions[at].lookup(wire, offset) >= 0) {
            return -1;
        }
        return m;
    }

    /**
     * The list entry that matches a name, or null. {@code wire} is {@code name.toWire()}, passed in so that the
     * caller converts the name once. Each list's own exceptions are applied; the global {@code allow:} is not
     * consulted here, see {@link #allowed(byte[])}.
     */
    public ListMatch match(Name name, byte[] wire, MatchKind kind) {
        for (int at = 0; at < ordered.length; at++) {
            int m = lookup(at, wire, 0);
            if (m >= 0) {
                LoadedList l = ordered[at];
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

    /**
     * The list entry whose range holds the answer address (4 or 16 bytes), or null. A list's own RPZ passthru
     * address rules take addresses out of that list only.
     */
    public ListMatch matchAddress(byte[] address) {
        for (int at = 0; at < ordered.length; at++) {
            LoadedList l = ordered[at];
            IpRangeSet.Match m = l.content().ranges().find(address);
            if (m != null && (rangeExceptions[at] == null || rangeExceptions[at].find(address) == null)) {
                return new ListMatch(l.id(), m.entry(), MatchKind.IP, l.action() == ListAction.BLOCK, m.policy());
            }
        }
        return null;
    }
}

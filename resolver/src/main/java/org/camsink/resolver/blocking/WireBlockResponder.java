package org.camsink.resolver.blocking;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Supplier;
import org.camsink.resolver.config.Config.BlockMode;
import org.camsink.resolver.config.Config.Blocking;
import org.camsink.resolver.config.Config.ListAction;
import org.camsink.resolver.events.Hit;
import org.camsink.resolver.events.MatchKind;
import org.camsink.resolver.pipeline.Resolution;
import org.camsink.resolver.pipeline.ResolutionKind;
import org.camsink.resolver.server.BlockWriter;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The answers of {@link BlockingHandler} and {@link BlockResponder} for a blocked query name, written straight
 * into the reply buffer from the request's bytes, byte for byte what the full path encodes:
 * <ul>
 *   <li>the header: the request's ID, RD and CD bits, QR and RA, the rcode; the question copied as it came
 *       (its letter case too);</li>
 *   <li>for nxdomain and nodata (and null/ip for other types than A and AAAA) the SOA, its owner a pointer to the
 *       question name and its mailbox a pointer into its host name, as dnsjava compresses them; for null and ip
 *       the A or AAAA record; nothing for refused;</li>
 *   <li>when the request had EDNS, an OPT record with our payload size, the DO bit echoed, and Extended DNS Error
 *       15 with the same text as {@link BlockResponder#text}.</li>
 * </ul>
 * It writes nothing (and the full path answers) for a name an exception covers, a name whose first matching list
 * only logs, an rpz-drop entry, a class other than IN, the types the server refuses or does not implement, a
 * name under a {@code blocked} top-level label (dnsjava would compress the SOA names into it), or a reply longer
 * than the client takes. Not thread-safe: one per receiving thread.
 */
public final class WireBlockResponder implements BlockWriter {
    /** {@link BlockResponder#SOA_HOST} in wire form, and the first label of its mailbox (the rest points back). */
    private static final byte[] SOA_HOST = BlockResponder.SOA_HOST.toWire();
    private static final byte[] SOA_MAIL_LABEL = BlockResponder.SOA_MAIL.getLabel(0);
    private static final byte[] BLOCKED_LABEL = {7, 'b', 'l', 'o', 'c', 'k', 'e', 'd'};
    private static final byte[] NULL_V4 = new byte[4];
    private static final byte[] NULL_V6 = new byte[16];
    /** The SOA's host and mailbox names and its five numbers. */
    private static final int SOA_RDATA = SOA_HOST.length + SOA_MAIL_LABEL.length + 2 + 20;

    private final Supplier<BlockingSnapshot> lists;
    private final Blocking settings;
    private final int ednsPayload;
    private final byte[] ipV4;
    private final byte[] ipV6;

    /** The snapshot the text prefixes were made for, and {@code "blocked by camsink list ID ("} per list. */
    private BlockingSnapshot prefixesFor;
    private byte[][] prefixes;

    /** The last match: its list, and the entry as list text. */
    private String list;
    private final byte[] entry = new byte[2 + 255];
    private int entryLength;

    /** The strings made for the last entry reported, reused while the same entry repeats. */
    private String textList = "";
    private byte[] textBytes = new byte[0];
    private String text;
    private String reason;

    /**
     * @param lists       the snapshot in force, read once per query (the same supplier {@link BlockingHandler} reads)
     * @param settings    {@code blocking:}
     * @param ednsPayload the payload size the server advertises
     */
    public WireBlockResponder(Supplier<BlockingSnapshot> lists, Blocking settings, int ednsPayload) {
        this.lists = lists;
        this.settings = settings;
        this.ednsPayload = ednsPayload;
        this.ipV4 = settings.sinkholeIPv4() == null ? null : settings.sinkholeIPv4().getAddress();
        this.ipV6 = settings.sinkholeIPv6() == null ? null : settings.sinkholeIPv6().getAddress();
    }

    @Override
    public int write(byte[] p, int nameEnd, boolean edns, boolean dnssecOk, int maxUdp, byte[] out) {
        int type = u16(p, nameEnd);
        if (u16(p, nameEnd + 2) != DClass.IN || servedElsewhere(type)) {
            return -1;
        }
        BlockingSnapshot s = lists.get();
        if (s.isEmpty() || s.allowed(p, 12)) {
            return -1;
        }
        LoadedList[] order = s.matchOrder();
        int match = -1;
        int at = 0;
        for (; at < order.length; at++) {
            match = s.lookup(at, p, 12);
            if (match >= 0) {
                break;
            }
        }
        if (match < 0 || order[at].action() != ListAction.BLOCK) {
            return -1;
        }
        BlockMode mode = switch (DomainSet.policy(match)) {
            case NXDOMAIN -> BlockMode.NXDOMAIN;
            case NODATA -> BlockMode.NODATA;
            case MODE -> settings.mode();
            case DROP -> null;
        };
        if (mode == null || underBlockedTld(p, nameEnd) || !readEntry(p, nameEnd, match)) {
            return -1;
        }
        byte[] address = switch (mode) {
            case NULL -> type == Type.A ? NULL_V4 : type == Type.AAAA ? NULL_V6 : null;
            case IP -> type == Type.A ? ipV4 : type == Type.AAAA ? ipV6 : null;
            default -> null;
        };
        boolean soa = mode != BlockMode.REFUSED && address == null;
        byte[] prefix = edns ? prefix(s, at) : null;
        int textLength = prefix == null ? 0 : prefix.length + entryLength + 1;
        int length = nameEnd + 4 + (address != null ? 12 + address.length : 0) + (soa ? 12 + SOA_RDATA : 0)
                + (edns ? 11 + 6 + textLength : 0);
        if (length > maxUdp || length > out.length) {
            return -1;
        }
        int rcode = mode == BlockMode.NXDOMAIN ? Rcode.NXDOMAIN : mode == BlockMode.REFUSED ? Rcode.REFUSED : 0;
        out[0] = p[0];
        out[1] = p[1];
        out[2] = (byte) (0x80 | p[2] & 0x01); // QR, RD as asked
        out[3] = (byte) (0x80 | p[3] & 0x10 | rcode); // RA, CD as asked
        put16(out, 4, 1);
        put16(out, 6, address != null ? 1 : 0);
        put16(out, 8, soa ? 1 : 0);
        put16(out, 10, edns ? 1 : 0);
        System.arraycopy(p, 12, out, 12, nameEnd + 4 - 12);
        int pos = nameEnd + 4;
        long ttl = settings.ttl();
        if (address != null) {
            pos = recordHead(out, pos, type, ttl, address.length);
            System.arraycopy(address, 0, out, pos, address.length);
            pos += address.length;
        }
        if (soa) {
            pos = recordHead(out, pos, Type.SOA, ttl, SOA_RDATA);
            int host = pos;
            System.arraycopy(SOA_HOST, 0, out, pos, SOA_HOST.length);
            pos += SOA_HOST.length;
            System.arraycopy(SOA_MAIL_LABEL, 0, out, pos, SOA_MAIL_LABEL.length);
            pos += SOA_MAIL_LABEL.length;
            put16(out, pos, 0xC000 | host); // hostmaster + camsink.blocked., as written just before
            pos = put32(out, pos + 2, BlockResponder.SOA_SERIAL);
            pos = put32(out, pos, BlockResponder.SOA_REFRESH);
            pos = put32(out, pos, BlockResponder.SOA_RETRY);
            pos = put32(out, pos, BlockResponder.SOA_EXPIRE);
            pos = put32(out, pos, ttl);
        }
        if (edns) {
            out[pos] = 0; // root
            put16(out, pos + 1, Type.OPT);
            put16(out, pos + 3, ednsPayload);
            out[pos + 5] = 0; // extended rcode
            out[pos + 6] = 0; // version
            out[pos + 7] = (byte) (dnssecOk ? 0x80 : 0);
            out[pos + 8] = 0;
            put16(out, pos + 9, 6 + textLength); // one option: code, length, info code, text
            put16(out, pos + 11, 15); // EDE
            put16(out, pos + 13, 2 + textLength);
            put16(out, pos + 15, ExtendedErrorCodeOption.BLOCKED);
            pos += 17;
            System.arraycopy(prefix, 0, out, pos, prefix.length);
            pos += prefix.length;
            System.arraycopy(entry, 0, out, pos, entryLength);
            pos += entryLength;
            out[pos++] = ')';
        }
        list = order[at].id();
        return pos;
    }

    @Override
    public Resolution resolution(InetAddress client) {
        if (!list.equals(textList) || !Arrays.equals(entry, 0, entryLength, textBytes, 0, textBytes.length)) {
            // a household asks for the same few entries over and over: make their strings once
            textBytes = Arrays.copyOf(entry, entryLength);
            textList = list;
            text = new String(textBytes, StandardCharsets.ISO_8859_1);
            reason = list + ":" + text;
        }
        return new Resolution(null, ResolutionKind.BLOCKED, reason, new Hit(list, text, MatchKind.QNAME, client, true));
    }

    /** The types the server answers itself before the pipeline (transfers, mailbox meta types, OPT). */
    private static boolean servedElsewhere(int type) {
        return type == Type.AXFR || type == Type.IXFR || type == Type.MAILA || type == Type.MAILB || type == Type.OPT;
    }

    /** True when the last label is {@code blocked}, in any case: dnsjava would point the SOA names into it. */
    private static boolean underBlockedTld(byte[] p, int nameEnd) {
        int last = nameEnd - 1 - BLOCKED_LABEL.length;
        if (last < 12) {
            return false;
        }
        for (int i = 0; i < BLOCKED_LABEL.length; i++) {
            int c = p[last + i];
            if ((i == 0 ? c : c | 0x20) != BLOCKED_LABEL[i]) {
                return false;
            }
        }
        // the length byte matched; make sure it starts a label, not the tail of a longer one
        int pos = 12;
        while (pos < last) {
            pos += 1 + (p[pos] & 0xFF);
        }
        return pos == last;
    }

    /**
     * Copies the matched rule as list text ({@link DomainSet#entry}: the name's last labels in lower case, with
     * {@code *.} for a subdomains-only rule) into {@link #entry}. False for a byte that list text never holds, which
     * only a hash collision could bring here.
     */
    private boolean readEntry(byte[] p, int nameEnd, int match) {
        int labels = 0;
        for (int pos = 12; p[pos] != 0; pos += 1 + (p[pos] & 0xFF)) {
            labels++;
        }
        int pos = 12;
        for (int skip = labels - DomainSet.labels(match); skip > 0; skip--) {
            pos += 1 + (p[pos] & 0xFF);
        }
        int n = 0;
        if (DomainSet.scope(match) == DomainSet.SUBDOMAINS) {
            entry[n++] = '*';
            entry[n++] = '.';
        }
        int start = n;
        while (pos < nameEnd - 1) {
            int len = p[pos] & 0xFF;
            if (n > start) {
                entry[n++] = '.';
            }
            for (int i = pos + 1; i <= pos + len; i++) {
                int c = p[i];
                if (c >= 'A' && c <= 'Z') {
                    c |= 0x20;
                } else if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                    return false;
                }
                entry[n++] = (byte) c;
            }
            pos += 1 + len;
        }
        entryLength = n;
        return n > start;
    }

    private byte[] prefix(BlockingSnapshot s, int at) {
        if (s != prefixesFor) {
            prefixes = new byte[s.matchOrder().length][];
            prefixesFor = s;
        }
        byte[] b = prefixes[at];
        if (b == null) {
            b = ("blocked by camsink list " + s.matchOrder()[at].id() + " (").getBytes(StandardCharsets.UTF_8);
            prefixes[at] = b;
        }
        return b;
    }

    /** Owner (a pointer to the question name), type, class IN, TTL and rdata length; returns the rdata offset. */
    private static int recordHead(byte[] out, int pos, int type, long ttl, int rdlength) {
        put16(out, pos, 0xC00C);
        put16(out, pos + 2, type);
        put16(out, pos + 4, DClass.IN);
        put32(out, pos + 6, ttl);
        put16(out, pos + 10, rdlength);
        return pos + 12;
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | b[at + 1] & 0xFF;
    }

    private static void put16(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    private static int put32(byte[] b, int at, long v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
        return at + 4;
    }
}

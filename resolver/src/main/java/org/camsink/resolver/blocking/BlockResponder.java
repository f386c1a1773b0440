package org.camsink.resolver.blocking;

import java.net.InetAddress;
import java.util.List;
import org.camsink.resolver.config.Config.BlockMode;
import org.camsink.resolver.config.Config.Blocking;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Builds the answer for a blocked query, per {@code blocking.mode} or the entry's own RPZ policy:
 * <ul>
 *   <li>{@code nxdomain}: NXDOMAIN with a SOA in the authority section (its minimum is {@code blocking.ttl});</li>
 *   <li>{@code nodata}: NOERROR, no answer, the same SOA;</li>
 *   <li>{@code null}: {@code 0.0.0.0} for A, {@code ::} for AAAA, NODATA for other types;</li>
 *   <li>{@code ip}: {@code sinkholeIPv4} / {@code sinkholeIPv6}, NODATA for a family without an address;</li>
 *   <li>{@code refused}: REFUSED.</li>
 * </ul>
 * When the client sent EDNS, the answer carries Extended DNS Error 15 (Blocked, RFC 8914) naming the list and
 * the entry.
 */
public final class BlockResponder {
    /** The SOA of a blocked answer; {@link WireBlockResponder} writes the same one from bytes. */
    static final Name SOA_HOST = Name.fromConstantString("camsink.blocked.");
    static final Name SOA_MAIL = Name.fromConstantString("hostmaster.camsink.blocked.");
    static final long SOA_SERIAL = 1;
    static final long SOA_REFRESH = 3600;
    static final long SOA_RETRY = 600;
    static final long SOA_EXPIRE = 86400;
    private static final InetAddress NULL_V4 = address(new byte[4]);
    private static final InetAddress NULL_V6 = address(new byte[16]);

    private final Blocking settings;
    private final int ednsPayload;

    public BlockResponder(Blocking settings, int ednsPayload) {
        this.settings = settings;
        this.ednsPayload = ednsPayload;
    }

    /** The answer to send for {@code request}, blocked by {@code match}; never null (drops are the caller's). */
    public Message answer(Message request, ListMatch match) {
        BlockMode mode = switch (match.policy()) {
            case NXDOMAIN -> BlockMode.NXDOMAIN;
            case NODATA -> BlockMode.NODATA;
            case MODE, DROP -> settings.mode();
        };
        Message r = new Message(request.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.getHeader().setFlag(Flags.RA);
        if (request.getHeader().getFlag(Flags.RD)) {
            r.getHeader().setFlag(Flags.RD);
        }
        Record question = request.getQuestion();
        r.addRecord(question, Section.QUESTION);
        Name qname = question.getName();
        int type = question.getType();
        long ttl = settings.ttl();
        boolean answered = false;
        switch (mode) {
            case NXDOMAIN -> r.getHeader().setRcode(Rcode.NXDOMAIN);
            case REFUSED -> r.getHeader().setRcode(Rcode.REFUSED);
            case NULL -> answered = addAddress(r, qname, type, question.getDClass(), ttl, NULL_V4, NULL_V6);
            case IP -> answered = addAddress(r, qname, type, question.getDClass(), ttl, settings.sinkholeIPv4(),
                    settings.sinkholeIPv6());
            case NODATA -> { }
        }
        if (mode != BlockMode.REFUSED && !answered) {
            r.addRecord(new SOARecord(qname, question.getDClass(), ttl, SOA_HOST, SOA_MAIL, SOA_SERIAL, SOA_REFRESH,
                    SOA_RETRY, SOA_EXPIRE, ttl),
                    Section.AUTHORITY);
        }
        OPTRecord opt = request.getOPT();
        if (opt != null) {
            int flags = (opt.getFlags() & ExtendedFlags.DO) != 0 ? ExtendedFlags.DO : 0;
            r.addRecord(new OPTRecord(ednsPayload, 0, 0, flags,
                    List.of(new ExtendedErrorCodeOption(ExtendedErrorCodeOption.BLOCKED, text(match)))),
                    Section.ADDITIONAL);
        }
        return r;
    }

    /** The EDE extra text, such as {@code blocked by camsink list trassir (cloud.trassir.com)}. */
    public static String text(ListMatch match) {
        String how = switch (match.kind()) {
            case QNAME -> "";
            case CNAME -> "CNAME target in ";
            case IP -> "answer address in ";
        };
        return "blocked by camsink list " + match.list() + " (" + how + match.entry() + ")";
    }

    private static boolean addAddress(Message r, Name qname, int type, int dclass, long ttl, InetAddress v4,
                                      InetAddress v6) {
        if (type == Type.A && v4 != null) {
            r.addRecord(new ARecord(qname, dclass, ttl, v4), Section.ANSWER);
            return true;
        }
        if (type == Type.AAAA && v6 != null) {
            r.addRecord(new AAAARecord(qname, dclass, ttl, v6), Section.ANSWER);
            return true;
        }
        return false;
    }

    private static InetAddress address(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}

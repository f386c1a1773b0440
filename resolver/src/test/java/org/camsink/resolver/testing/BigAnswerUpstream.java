package org.camsink.resolver.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * An upstream on one 127.0.0.1 port, UDP and TCP, for floods a real server makes awkward:
 * <ul>
 *   <li>a name under {@code big.test.}: a TXT answer of about {@link #BIG_ANSWER} bytes (over UDP: an empty
 *       truncated reply, so the resolver asks again over TCP);</li>
 *   <li>a name under {@code slow.test.}: never answered;</li>
 *   <li>anything else: one A record, 192.0.2.10, TTL 300.</li>
 * </ul>
 * It is a script for {@link FaultyUpstream}, which does the serving.
 */
public final class BigAnswerUpstream {
    public static final int BIG_ANSWER = 60_000;
    private static final Name BIG = Name.fromConstantString("big.test.");
    private static final Name SLOW = Name.fromConstantString("slow.test.");
    private static final List<String> STRINGS = strings();

    private BigAnswerUpstream() {
    }

    public static FaultyUpstream start() throws IOException {
        return FaultyUpstream.start((query, tcp) -> {
            Message reply = answer(query, tcp);
            return reply == null ? List.of() : List.of(tcp ? reply.toWire() : reply.toWire(512));
        });
    }

    private static List<String> strings() {
        List<String> s = new ArrayList<>();
        for (int i = 0; i < BIG_ANSWER / 256; i++) {
            s.add("x".repeat(255));
        }
        return s;
    }

    /** The reply, or null to stay silent. */
    static Message answer(Message query, boolean overTcp) {
        Name name = query.getQuestion().getName();
        if (name.subdomain(SLOW)) {
            return null;
        }
        Message r = new Message(query.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.getHeader().setFlag(Flags.RA);
        if (query.getHeader().getFlag(Flags.RD)) {
            r.getHeader().setFlag(Flags.RD);
        }
        r.addRecord(query.getQuestion(), Section.QUESTION);
        if (name.subdomain(BIG) && query.getQuestion().getType() == Type.TXT) {
            if (!overTcp) {
                r.getHeader().setFlag(Flags.TC);
                return r;
            }
            for (int at = 0; at < STRINGS.size(); at += 200) {
                r.addRecord(new TXTRecord(name, DClass.IN, 3600, STRINGS.subList(at, Math.min(STRINGS.size(), at + 200))),
                        Section.ANSWER);
            }
        } else if (query.getQuestion().getType() == Type.A) {
            r.addRecord(new ARecord(name, DClass.IN, 300, new byte[] {(byte) 192, 0, 2, 10}), Section.ANSWER);
        }
        return r;
    }
}

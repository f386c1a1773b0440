package org.camsink.resolver.server;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.camsink.resolver.acl.ResponseRateLimiter;
import org.camsink.resolver.pipeline.Next;
import org.camsink.resolver.pipeline.Query;
import org.camsink.resolver.pipeline.Resolution;
import org.camsink.resolver.pipeline.ResolutionKind;
import org.camsink.resolver.pipeline.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The DNS protocol rules between the wire and the pipeline: which packets get an answer at all, the error
 * codes for bad ones, EDNS negotiation, and truncation.
 *
 * <ul>
 *   <li>Shorter than a header, or a response (QR set): dropped, so we never take part in a reflection loop.</li>
 *   <li>Not parsable, or not exactly one question: FORMERR echoing the ID. So is a broken OPT record (RFC 6891
 *       section 6.1.1): more than one, one whose owner is not the root, an option that runs past its record, or a
 *       malformed cookie (RFC 7873 section 5.2.2).</li>
 *   <li>Opcode other than QUERY: NOTIMP. EDNS version other than 0: BADVERS.</li>
 *   <li>Zone transfers and meta types: REFUSED / NOTIMP; we are a forwarder.</li>
 *   <li>Everything else goes through the pipeline. The answer carries our EDNS payload size when the client
 *       used EDNS, and over UDP is cut to the client's size (512 without EDNS) with TC set.</li>
 * </ul>
 * A fresh {@link Message} is parsed for every packet and stays on the calling thread. What the pipeline gets keeps
 * only what an answer needs: the request's EDNS options (padding, cookies, unknown ones) are dropped from the parsed
 * message before it goes on ({@link #withoutOptions}), so a padded query held while its upstream is slow costs its
 * question, not its padding. Over UDP, repeated cached
 * questions and questions for blocked names are answered on the receiving thread from bytes instead ({@link #atOnce}),
 * with the bytes the pipeline would send.
 */
public final class QueryService implements PacketHandler {
    private static final Logger LOG = LoggerFactory.getLogger(QueryService.class);
    static final int MAX_TCP_MESSAGE = 65535;
    static final int PLAIN_UDP = 512;
    static final Resolution RATE_LIMITED = Resolution.of(null, ResolutionKind.DROPPED, "rate limited");
    static final Resolution RRL_DROPPED = Resolution.of(null, ResolutionKind.DROPPED, "response rate limited");
    static final Resolution RRL_SLIPPED = Resolution.of(null, ResolutionKind.LOCAL, "response rate limited: TC");

    /** Told after each answered query; must not block. */
    @FunctionalInterface
    public interface Observer {
        void answered(Query query, Resolution resolution, long elapsedNanos);
    }

    private final Supplier<? extends Next> pipeline;
    private final int ednsPayload;
    private final Observer observer;
    private final Supplier<? extends AnswerGate> gate;
    private final HotAnswers hot;
    private final LongSupplier clock;

    public QueryService(Supplier<? extends Next> pipeline, int ednsPayload, Observer observer) {
        this(pipeline, ednsPayload, observer, null);
    }

    /**
     * @param gate the current configuration's access checks; when given, repeated UDP questions that the
     *             pipeline answered from its cache are answered again on the receiving thread ({@link HotAnswers})
     */
    public QueryService(Supplier<? extends Next> pipeline, int ednsPayload, Observer observer,
                        Supplier<? extends AnswerGate> gate) {
        this(pipeline, ednsPayload, observer, gate, System::currentTimeMillis);
    }

    QueryService(Supplier<? extends Next> pipeline, int ednsPayload, Observer observer,
                 Supplier<? extends AnswerGate> gate, LongSupplier clockMillis) {
        this.pipeline = pipeline;
        this.ednsPayload = ednsPayload;
        this.observer = observer;
        this.gate = gate;
        this.hot = gate == null ? null : new HotAnswers();
        this.clock = clockMillis;
    }

    @Override
    public Reply handle(byte[] packet, InetAddress client, Transport transport) {
        long received = System.nanoTime();
        if (packet.length < 12 || (packet[2] & 0x80) != 0) {
            return Reply.NONE;
        }
        Message request;
        try {
            request = new Message(packet);
        } catch (IOException | RuntimeException e) {
            return Reply.of(headerOnly(packet, Rcode.FORMERR));
        }
        int opcode = request.getHeader().getOpcode();
        if (opcode != Opcode.QUERY) {
            return Reply.of(headerOnly(packet, Rcode.NOTIMP));
        }
        if (request.getHeader().getCount(Section.QUESTION) != 1) {
            return Reply.of(headerOnly(packet, Rcode.FORMERR));
        }
        OPTRecord opt = request.getOPT();
        if (opt != null) {
            if (!wellFormedOpt(request, opt)) {
                return Reply.of(headerOnly(packet, Rcode.FORMERR));
            }
            opt = withoutOptions(request, opt);
        }
        int maxResponse = transport == Transport.TCP ? MAX_TCP_MESSAGE
                : opt == null ? PLAIN_UDP : Math.max(PLAIN_UDP, Math.min(opt.getPayloadSize(), ednsPayload));
        boolean dnssecOk = opt != null && (opt.getFlags() & ExtendedFlags.DO) != 0;
        Query query = new Query(request, client, transport, maxResponse, dnssecOk, received);
        // read before the pipeline, so an answer made under an older configuration is never kept as current
        AnswerGate g = hot == null || transport != Transport.UDP ? null : gate.get();
        Object state = g == null ? null : g.answersState();
        int type = request.getQuestion().getType();
        Integer invalid = invalidQuestion(type);
        Resolution resolution;
        if (opt != null && opt.getVersion() != 0) {
            resolution = local(request, Rcode.BADVERS, "EDNS version " + opt.getVersion());
        } else if (invalid != null) {
            resolution = local(request, invalid, Type.string(type) + " is not served");
        } else {
            try {
                resolution = pipeline.get().resolve(query);
            } catch (RuntimeException e) {
                LOG.error("query {} {} failed: {}", request.getQuestion().getName(),
                        Type.string(request.getQuestion().getType()), e.toString(), e);
                resolution = local(request, Rcode.SERVFAIL, "internal error");
            }
        }
        if (resolution == null || resolution.response() == null) {
            Resolution done = resolution == null ? Resolution.of(null, ResolutionKind.DROPPED, "no answer") : resolution;
            return new Reply(null, () -> observer.answered(query, done, System.nanoTime() - received));
        }
        if (g != null) {
            ResponseRateLimiter.Verdict v = g.respond(client,
                    ResponseRateLimiter.nameHash(request.getQuestion().getName()), type, resolution.response().getRcode());
            if (v != ResponseRateLimiter.Verdict.SEND) {
                Resolution limited = v == ResponseRateLimiter.Verdict.DROP ? RRL_DROPPED : RRL_SLIPPED;
                byte[] tc = v == ResponseRateLimiter.Verdict.DROP ? null : encode(request, slip(request), opt, dnssecOk,
                        maxResponse);
                return new Reply(tc, () -> observer.answered(query, limited, System.nanoTime() - received));
            }
        }
        byte[] wire = encode(request, resolution.response(), opt, dnssecOk, maxResponse);
        if (g != null && resolution.kind() == ResolutionKind.CACHED && resolution.hit() == null) {
            // the request's own bytes, read again by hand; the entry keeps only their header and question
            HotAnswers.Question q = new HotAnswers.Question();
            if (q.read(packet, packet.length, ednsPayload)) {
                hot.offer(q, packet, wire, g, state, resolution, clock.getAsLong());
            }
        }
        Resolution done = resolution;
        return new Reply(wire, () -> observer.answered(query, done, System.nanoTime() - received));
    }

    /** The heap held by the table of finished answers (0 without one). */
    public long hotAnswerBytes() {
        return hot == null ? 0 : hot.bytes();
    }

    @Override
    public AtOnce atOnce() {
        return hot == null ? null : new HotPath();
    }

    /**
     * Answers on the receiving thread: repeated cached questions from {@link HotAnswers}, and questions for blocked
     * names through the gate's {@link BlockWriter}. One per receiving thread.
     */
    private final class HotPath implements AtOnce {
        private final HotAnswers.Question question = new HotAnswers.Question();
        private HotAnswers.Entry entry;
        private AnswerGate writerGate;
        private BlockWriter writer;
        private boolean blocked;
        private InetAddress client;
        private long received;
        private byte[] request;
        private Resolution limited;

        @Override
        public int answer(byte[] packet, int length, InetAddress from, byte[] out) {
            long start = System.nanoTime();
            if (!question.read(packet, length, ednsPayload)) {
                return -1;
            }
            AnswerGate g = gate.get();
            long now = clock.getAsLong();
            HotAnswers.Entry e = hot.find(question, packet, g, g.answersState(), now);
            int n;
            if (e != null) {
                n = HotAnswers.write(e, packet, question, out, now);
            } else {
                BlockWriter w = writer(g);
                // written before the gate is asked: a name that is not blocked must not spend a rate-limit token
                // here and another on the full path
                n = w == null ? -1 : w.write(packet, question.nameEnd, question.edns(), question.dnssecOk(),
                        question.maxUdp, out);
            }
            if (n < 0) {
                return -1;
            }
            if (!g.admits(from)) {
                if (!g.allows(from)) {
                    return -1; // the pipeline answers REFUSED
                }
                n = 0; // over the rate limit: dropped here, as the pipeline would
                limited = RATE_LIMITED;
            } else {
                n = responseLimit(g, packet, from, out, n);
            }
            entry = e;
            blocked = e == null;
            client = from;
            received = start;
            request = blocked ? question.request(packet) : null;
            return n;
        }

        /** {@code n}, or what RRL turns the answer in {@code out} into: 0 to drop it, or the length of a TC answer. */
        private int responseLimit(AnswerGate g, byte[] packet, InetAddress from, byte[] out, int n) {
            ResponseRateLimiter.Verdict v = g.respond(from,
                    ResponseRateLimiter.nameHash(packet, 12, question.nameEnd), question.type, out[3] & 0xF);
            limited = v == ResponseRateLimiter.Verdict.SEND ? null
                    : v == ResponseRateLimiter.Verdict.DROP ? RRL_DROPPED : RRL_SLIPPED;
            if (limited == null) {
                return n;
            }
            return v == ResponseRateLimiter.Verdict.DROP ? 0 : slip(packet, question, ednsPayload, out);
        }

        private BlockWriter writer(AnswerGate g) {
            if (g != writerGate) {
                writer = g.blockWriter(ednsPayload);
                writerGate = g;
            }
            return writer;
        }

        @Override
        public void sent() {
            if (limited != null) {
                Query q = Query.unparsed(request != null ? request : entry.request(), client, Transport.UDP,
                        question.maxUdp, question.dnssecOk(), received);
                observer.answered(q, limited, System.nanoTime() - received);
            } else if (blocked) {
                Query q = Query.unparsed(request, client, Transport.UDP, question.maxUdp, question.dnssecOk(),
                        received);
                observer.answered(q, writer.resolution(client), System.nanoTime() - received);
            } else {
                HotAnswers.Entry e = entry;
                Query q = Query.unparsed(e.request(), client, Transport.UDP, question.maxUdp, question.dnssecOk(),
                        received);
                observer.answered(q, e.resolution(), System.nanoTime() - received);
            }
            entry = null;
            client = null;
            request = null;
            limited = null;
        }
    }

    /** The answer to a query whose real answer RRL held back: the question alone, with TC set. */
    private static Message slip(Message request) {
        Message m = new Message(request.getHeader().getID());
        m.getHeader().setFlag(Flags.TC);
        m.addRecord(request.getQuestion(), Section.QUESTION);
        return m;
    }

    /**
     * {@link #slip(Message)} from bytes, for the receiving thread: the request's header and question with QR, TC and
     * RA set and every count but the question's cleared, and our OPT record when the client sent one. The same
     * bytes as the full path writes.
     */
    static int slip(byte[] p, HotAnswers.Question q, int ednsPayload, byte[] out) {
        int end = q.nameEnd + 4;
        System.arraycopy(p, 0, out, 0, end);
        out[2] = (byte) (0x80 | p[2] & 0x79 | 0x02); // QR, the opcode and RD, TC
        out[3] = (byte) (0x80 | p[3] & 0x10); // RA, CD as asked
        out[4] = 0;
        out[5] = 1;
        for (int i = 6; i < 12; i++) {
            out[i] = 0;
        }
        if (!q.edns()) {
            return end;
        }
        out[11] = 1;
        out[end] = 0; // root name
        out[end + 1] = 0;
        out[end + 2] = 41; // OPT
        out[end + 3] = (byte) (ednsPayload >>> 8);
        out[end + 4] = (byte) ednsPayload;
        out[end + 5] = 0; // extended rcode
        out[end + 6] = 0; // version
        out[end + 7] = (byte) (q.dnssecOk() ? 0x80 : 0);
        out[end + 8] = 0;
        out[end + 9] = 0; // no options
        out[end + 10] = 0;
        return end + 11;
    }

    /** RFC 6891 section 6.1.1: one OPT record, owned by the root. (dnsjava already refuses options that overrun.) */
    private static boolean wellFormedOpt(Message request, OPTRecord opt) {
        if (!opt.getName().equals(Name.root)) {
            return false;
        }
        if (request.getHeader().getCount(Section.ADDITIONAL) > 1) {
            int opts = 0;
            for (Record r : request.getSection(Section.ADDITIONAL)) {
                if (r.getType() == Type.OPT && ++opts > 1) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Replaces the request's OPT record by one with the same payload size, version and flags and no options, and
     * returns it. No link of the pipeline reads the client's options; dropping them keeps padding out of the heap.
     */
    private static OPTRecord withoutOptions(Message request, OPTRecord opt) {
        if (opt.getOptions().isEmpty()) {
            return opt;
        }
        OPTRecord bare = new OPTRecord(opt.getPayloadSize(), opt.getExtendedRcode(), opt.getVersion(), opt.getFlags());
        request.removeRecord(opt, Section.ADDITIONAL);
        request.addRecord(bare, Section.ADDITIONAL);
        return bare;
    }

    /** REFUSED for transfers (a forwarder has no zones), NOTIMP for the old mailbox meta types, FORMERR for OPT. */
    private static Integer invalidQuestion(int type) {
        return switch (type) {
            case Type.AXFR, Type.IXFR -> Rcode.REFUSED;
            case Type.MAILA, Type.MAILB -> Rcode.NOTIMP;
            case Type.OPT -> Rcode.FORMERR;
            default -> null;
        };
    }

    private static Resolution local(Message request, int rcode, String reason) {
        Message m = new Message(request.getHeader().getID());
        m.getHeader().setRcode(rcode & 0xF);
        m.addRecord(request.getQuestion(), Section.QUESTION);
        if (rcode > 0xF) {
            m.addRecord(new OPTRecord(0, rcode >>> 4, 0), Section.ADDITIONAL);
        }
        return Resolution.of(m, ResolutionKind.LOCAL, reason);
    }

    /**
     * Fixes up the header for this client and serializes. The response is ours alone (handlers build a fresh
     * one per query), so changing it here is safe.
     */
    private byte[] encode(Message request, Message response, OPTRecord clientOpt, boolean dnssecOk, int maxResponse) {
        response.getHeader().setID(request.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setOpcode(Opcode.QUERY);
        response.getHeader().setFlag(Flags.RA);
        response.getHeader().unsetFlag(Flags.AA);
        if (request.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        } else {
            response.getHeader().unsetFlag(Flags.RD);
        }
        if (request.getHeader().getFlag(Flags.CD)) {
            response.getHeader().setFlag(Flags.CD);
        }
        if (response.getHeader().getCount(Section.QUESTION) == 0) {
            response.addRecord(request.getQuestion(), Section.QUESTION);
        }
        OPTRecord theirs = response.getOPT();
        int extended = 0;
        List<EDNSOption> options = List.of();
        if (theirs != null) {
            extended = theirs.getExtendedRcode();
            options = theirs.getOptions();
            response.removeRecord(theirs, Section.ADDITIONAL);
        }
        if (clientOpt != null) {
            response.addRecord(new OPTRecord(ednsPayload, extended, 0, dnssecOk ? ExtendedFlags.DO : 0, options),
                    Section.ADDITIONAL);
        }
        return response.toWire(maxResponse);
    }

    /** A bare header echoing the request's ID, opcode and RD, with {@code rcode} and no sections. */
    static byte[] headerOnly(byte[] request, int rcode) {
        byte[] h = new byte[12];
        h[0] = request[0];
        h[1] = request[1];
        h[2] = (byte) (0x80 | request[2] & 0x79); // QR, the opcode and RD; AA and TC cleared
        h[3] = (byte) (0x80 | rcode & 0xF); // RA
        return h;
    }
}

package org.camsink.resolver.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.camsink.resolver.blocking.BlockingHandler;
import org.camsink.resolver.blocking.ListManager;
import org.camsink.resolver.blocking.WireBlockResponder;
import org.camsink.resolver.cache.AnswerCache;
import org.camsink.resolver.cache.CacheHandler;
import org.camsink.resolver.config.Config;
import org.camsink.resolver.config.ConfigLoader;
import org.camsink.resolver.pipeline.Next;
import org.camsink.resolver.pipeline.Pipeline;
import org.camsink.resolver.pipeline.Query;
import org.camsink.resolver.pipeline.Resolution;
import org.camsink.resolver.pipeline.ResolutionKind;
import org.camsink.resolver.pipeline.Transport;
import org.camsink.resolver.upstream.ResponseSanitizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Coverage-guided fuzzing of everything that reads a client's packet: the full path ({@link QueryService#handle},
 * dnsjava's parser, the protocol rules, blocking, the cache, truncation) and the receiving thread's fast paths
 * ({@link HotAnswers.Question#read}, {@link HotAnswers}, {@link WireBlockResponder}), with the real handlers of the
 * chain and an in-process upstream that answers every name (CNAME chains, NXDOMAIN, large TXT). A fixed clock
 * keeps TTLs still, so both paths must give the same bytes.
 *
 * <p>Invariants, for any bytes: {@code handle} never throws; a reply echoes the ID, has QR set, parses, and is no
 * longer than the client may receive (512 without EDNS, the client's size capped at ours over UDP, 65,535 over
 * TCP); a packet dnsjava cannot parse gets the 12-byte FORMERR header or nothing. A packet the fast path reads
 * parses, and whatever the fast path writes is byte for byte the full path's answer and fits the client's size.
 * Seeds: {@code QueryServiceFuzzTestInputs/}.
 */
class QueryServiceFuzzTest {
    private static final int EDNS_PAYLOAD = 1232;
    private static final long NOW = 1_800_000_000_000L;
    private static final InetAddress CLIENT = InetAddress.getLoopbackAddress();

    static Path dir;
    static ListManager lists;
    static QueryService service;
    static PacketHandler.AtOnce atOnce;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("camsink-fuzz");
        Files.writeString(dir.resolve("vendor.txt"), "cloud.trassir.com\nevil.blocked\n");
        Files.writeString(dir.resolve("feed.rpz"),
                "nx.test CNAME .\nnodata.test CNAME *.\ndrop.test CNAME rpz-drop.\n*.wild.test CNAME .\n");
        Files.writeString(dir.resolve("audit.hosts"), "0.0.0.0 watched.test\n");
        String yaml = "lists:\n"
                + "  - { source: " + dir.resolve("vendor.txt") + ", id: trassir }\n"
                + "  - { source: " + dir.resolve("feed.rpz") + ", id: feed, format: rpz }\n"
                + "  - { source: " + dir.resolve("audit.hosts") + ", id: audit, action: log }\n"
                + "allow: [\"ok.cloud.trassir.com\"]\n"
                + "blocking: { mode: nxdomain, ttl: 30 }\n"
                + "telemetry: { dataDir: " + dir.resolve("data") + " }\n";
        Config config = ConfigLoader.parse(yaml, dir.resolve("camsink.yaml"));
        lists = ListManager.create(config);
        AnswerCache cache = new AnswerCache(config.cache(), () -> NOW);
        Pipeline pipeline = new Pipeline(List.of(
                new BlockingHandler(lists::snapshot, config.blocking(), EDNS_PAYLOAD),
                new CacheHandler(cache, Runnable::run)), QueryServiceFuzzTest::upstream);
        Object state = new Object();
        AnswerGate gate = new AnswerGate() {
            @Override
            public boolean admits(InetAddress client) {
                return true;
            }

            @Override
            public Object answersState() {
                return state;
            }

            @Override
            public BlockWriter blockWriter(int ednsPayload) {
                return new WireBlockResponder(lists::snapshot, config.blocking(), ednsPayload);
            }
        };
        service = new QueryService(() -> pipeline, EDNS_PAYLOAD, (q, r, t) -> {}, () -> gate, () -> NOW);
        atOnce = service.atOnce();
    }

    @AfterAll
    static void stop() throws IOException {
        lists.close();
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * An upstream that answers every question, sanitized as the forwarder does: names starting with {@code nx}
     * do not exist, {@code alias.*} is a CNAME chain, TXT answers grow with the name so some must be truncated.
     */
    static Resolution upstream(Query query) {
        Record question = query.request().getQuestion();
        Name name = question.getName();
        Message m = new Message(query.request().getHeader().getID());
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setFlag(Flags.RA);
        m.addRecord(question, Section.QUESTION);
        try {
            String first = name.labels() > 1 ? name.getLabelString(0).toLowerCase() : "";
            Name zone = name.labels() > 2 ? new Name(name, name.labels() - 2) : Name.root;
            if (first.startsWith("nx")) {
                m.getHeader().setRcode(Rcode.NXDOMAIN);
                m.addRecord(new SOARecord(zone, DClass.IN, 300, Name.fromConstantString("ns.test."),
                        Name.fromConstantString("host.test."), 1, 2, 3, 4, 60), Section.AUTHORITY);
            } else {
                Name owner = name;
                if (first.equals("alias") && !name.isWild()) {
                    Name target = Name.concatenate(Name.fromConstantString("target"), zone);
                    m.addRecord(new CNAMERecord(name, DClass.IN, 300, target), Section.ANSWER);
                    owner = target;
                }
                int type = question.getType();
                if (type == Type.A || type == Type.ANY) {
                    m.addRecord(new ARecord(owner, DClass.IN, 300, InetAddress.getByName("192.0.2.7")), Section.ANSWER);
                }
                if (type == Type.AAAA) {
                    m.addRecord(new AAAARecord(owner, DClass.IN, 300, InetAddress.getByName("2001:db8::7")),
                            Section.ANSWER);
                }
                if (type == Type.TXT) {
                    byte[] text = new byte[name.length() * 8];
                    Arrays.fill(text, (byte) 'x');
                    m.addRecord(new TXTRecord(owner, DClass.IN, 300, List.of(new String(text, StandardCharsets.US_ASCII)
                            .substring(0, Math.min(255, text.length)), "y".repeat(Math.min(255, text.length)))),
                            Section.ANSWER);
                }
                if (type == Type.MX) {
                    Name exchange = Name.concatenate(Name.fromConstantString("mail"), zone);
                    m.addRecord(new MXRecord(owner, DClass.IN, 300, 10, exchange), Section.ANSWER);
                    m.addRecord(new ARecord(exchange, DClass.IN, 300, InetAddress.getByName("192.0.2.25")),
                            Section.ADDITIONAL);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Resolution.of(ResponseSanitizer.sanitize(question, m), ResolutionKind.RESOLVED, "fuzz upstream");
    }

    @FuzzTest(maxDuration = "2m")
    void anyPacketGetsAWellFormedBoundedAnswerAndTheFastPathsAgree(byte[] packet) {
        Message parsed = parse(packet);
        for (Transport transport : new Transport[] {Transport.UDP, Transport.TCP}) {
            check(packet, parsed, transport, service.handle(packet.clone(), CLIENT, transport));
        }
        // a second time: the answer now comes from the cache, and a repeated UDP question is kept for the fast path
        byte[] full = service.handle(packet.clone(), CLIENT, Transport.UDP).wire();
        check(packet, parsed, Transport.UDP, PacketHandler.Reply.of(full));

        HotAnswers.Question q = new HotAnswers.Question();
        if (q.read(packet, packet.length, EDNS_PAYLOAD)) {
            assertThat(parsed).as("a packet the fast path reads must parse (Query.unparsed relies on it)").isNotNull();
            assertThat(parsed.getHeader().getCount(Section.QUESTION)).isEqualTo(1);
            Record question = parsed.getQuestion();
            assertThat(q.type).isEqualTo(question.getType());
            assertThat(q.dclass).isEqualTo(question.getDClass());
            assertThat(q.nameEnd).isEqualTo(12 + question.getName().length());
        }
        byte[] out = new byte[65535];
        byte[] in = Arrays.copyOf(packet, packet.length + 7); // a reader's buffer is larger than the datagram
        int n = atOnce.answer(in, packet.length, CLIENT, out);
        if (n < 0) {
            return;
        }
        atOnce.sent();
        assertThat(parsed).as("answered at once, so it parses").isNotNull();
        assertThat(n).isLessThanOrEqualTo(udpLimit(parsed));
        byte[] now = service.handle(packet.clone(), CLIENT, Transport.UDP).wire();
        assertThat(now).as("the full path answers what the fast path did").isNotNull();
        assertThat(HexFormat.of().formatHex(out, 0, n)).isEqualTo(HexFormat.of().formatHex(now));
    }

    private static Message parse(byte[] packet) {
        try {
            return new Message(packet);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static int udpLimit(Message request) {
        OPTRecord opt = request == null ? null : request.getOPT();
        return opt == null ? 512 : Math.max(512, Math.min(opt.getPayloadSize(), EDNS_PAYLOAD));
    }

    private static void check(byte[] packet, Message parsed, Transport transport, PacketHandler.Reply reply) {
        byte[] wire = reply.wire();
        reply.afterSend().run();
        if (wire == null) {
            return;
        }
        assertThat(packet.length).as("a packet shorter than a header gets no answer").isGreaterThanOrEqualTo(12);
        assertThat(packet[2] & 0x80).as("a response gets no answer").isZero();
        assertThat(wire.length).isGreaterThanOrEqualTo(12);
        assertThat(wire[0]).isEqualTo(packet[0]);
        assertThat(wire[1]).isEqualTo(packet[1]);
        assertThat(wire[2] & 0x80).as("QR").isNotZero();
        if (parsed == null) {
            assertThat(wire.length).as("what dnsjava cannot parse gets a bare header").isEqualTo(12);
            assertThat(wire[3] & 0xF).isEqualTo(Rcode.FORMERR);
            return;
        }
        int limit = transport == Transport.TCP ? 65535 : udpLimit(parsed);
        assertThat(wire.length).as("no longer than the client may receive over %s", transport).isLessThanOrEqualTo(limit);
        Message answer = parse(wire);
        assertThat(answer).as("the reply parses: %s", HexFormat.of().formatHex(wire)).isNotNull();
    }
}

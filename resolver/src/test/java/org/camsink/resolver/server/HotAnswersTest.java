package org.camsink.resolver.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.camsink.resolver.cache.AnswerCache;
import org.camsink.resolver.cache.CacheHandler;
import org.camsink.resolver.config.Config;
import org.camsink.resolver.pipeline.Pipeline;
import org.camsink.resolver.pipeline.Resolution;
import org.camsink.resolver.pipeline.ResolutionKind;
import org.camsink.resolver.pipeline.Transport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The at-once path of {@link QueryService}: which packets it answers, that its bytes match what the full path
 * sends, and that the access checks, a new configuration and TTL expiry all send queries back to the pipeline.
 */
class HotAnswersTest {
    static final InetAddress CLIENT = InetAddress.getLoopbackAddress();

    final AtomicLong clock = new AtomicLong(1_000_000);
    final AtomicInteger upstreamCalls = new AtomicInteger();
    final List<ResolutionKind> observed = new ArrayList<>();
    final AtomicBoolean admit = new AtomicBoolean(true);
    final AtomicReference<Object> state = new AtomicReference<>(new Object());
    final List<org.camsink.resolver.pipeline.Query> queries = new ArrayList<>();
    long hotMaxBytes = 1 << 20;
    AnswerGate gate;
    QueryService service;
    PacketHandler.AtOnce atOnce;

    @BeforeEach
    void setUp() {
        AnswerCache cache = new AnswerCache(new Config.Cache(1000, 0, 86400, 3600, true, 30, Duration.ofDays(1)),
                clock::get);
        Pipeline pipeline = new Pipeline(List.of(new CacheHandler(cache, Runnable::run)), query -> {
            upstreamCalls.incrementAndGet();
            Message r = new Message(query.request().getHeader().getID());
            r.getHeader().setFlag(Flags.QR);
            r.addRecord(query.request().getQuestion(), Section.QUESTION);
            Name name = query.name();
            if (query.type() == Type.TXT) {
                List<String> strings = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    strings.add("x".repeat(200));
                }
                r.addRecord(new TXTRecord(name, DClass.IN, 300, strings), Section.ANSWER);
            } else {
                r.addRecord(new ARecord(name, DClass.IN, 300, new byte[] {(byte) 192, 0, 2, 7}), Section.ANSWER);
            }
            return Resolution.of(r, ResolutionKind.RESOLVED, "upstream");
        });
        gate = new AnswerGate() {
            @Override
            public boolean admits(InetAddress client) {
                return admit.get();
            }

            @Override
            public Object answersState() {
                return state.get();
            }

            @Override
            public long hotAnswersMaxBytes() {
                return hotMaxBytes;
            }
        };
        service = new QueryService(() -> pipeline, 1232, (q, r, nanos) -> {
            observed.add(r.kind());
            queries.add(q);
        }, () -> gate, clock::get);
        atOnce = service.atOnce();
    }

    static byte[] query(String name, int type, int id, boolean edns) throws Exception {
        Message q = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
        q.getHeader().setID(id);
        if (edns) {
            q.addRecord(new OPTRecord(1232, 0, 0, 0), Section.ADDITIONAL);
        }
        return q.toWire();
    }

    byte[] full(byte[] packet) {
        PacketHandler.Reply reply = service.handle(packet, CLIENT, Transport.UDP);
        reply.afterSend().run();
        return reply.wire();
    }

    int atOnce(byte[] packet, byte[] out) {
        int n = atOnce.answer(packet, packet.length, CLIENT, out);
        if (n >= 0) {
            atOnce.sent();
        }
        return n;
    }

    /** Resolves once, then once more from the cache, which makes the answer hot. */
    void warm(String name, int type, boolean edns) throws Exception {
        full(query(name, type, 1, edns));
        full(query(name, type, 2, edns));
    }

    static byte[] padded(String name, int id, int padding) throws Exception {
        Message q = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
        q.getHeader().setID(id);
        q.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(new org.xbill.DNS.GenericEDNSOption(12, new byte[padding]))),
                Section.ADDITIONAL);
        return q.toWire();
    }

    @Test
    void keepsTheQuestionOfAPaddedRequestNotItsPadding() throws Exception {
        for (int id = 1; id <= 3; id++) {
            byte[] out = new byte[65535];
            byte[] packet = padded("padded.test.", id, 30_000);
            if (atOnce(packet, out) < 0) {
                full(packet);
            }
        }
        assertThat(observed).containsExactly(ResolutionKind.RESOLVED, ResolutionKind.CACHED, ResolutionKind.CACHED);
        assertThat(queries).allSatisfy(q -> {
            assertThat(q.request().getOPT().getOptions()).isEmpty();
            assertThat(q.request().toWire().length).isLessThan(100);
            assertThat(q.name()).hasToString("padded.test.");
        });
        // the third was answered at once from a hot entry that holds the answer and the request's question only
        assertThat(service.hotAnswerBytes()).isPositive().isLessThan(1000);
    }

    @Test
    void theTableStaysWithinItsShareOfTheCacheBytes() throws Exception {
        hotMaxBytes = 20_000;
        for (int i = 0; i < 300; i++) {
            warm("name" + i + ".test.", Type.TXT, true);
        }
        assertThat(service.hotAnswerBytes()).isPositive().isLessThanOrEqualTo(20_000);
        // an answer that did not fit is still answered, by the full path from the answer cache
        byte[] packet = query("name299.test.", Type.TXT, 7, true);
        assertThat(full(packet)).isNotNull();
        assertThat(observed).endsWith(ResolutionKind.CACHED);
    }

    @Test
    void repeatsTheCachedAnswerByteForByteWithTheClientsIdAndCase() throws Exception {
        warm("hot.test.", Type.A, true);
        byte[] slow = full(query("HoT.tEsT.", Type.A, 0x4242, true));
        byte[] packet = query("HoT.tEsT.", Type.A, 0x4242, true);
        byte[] out = new byte[65535];
        int n = atOnce(packet, out);

        assertThat(n).isPositive();
        assertThat(Arrays.copyOf(out, n)).isEqualTo(slow);
        Message m = new Message(Arrays.copyOf(out, n));
        assertThat(m.getHeader().getID()).isEqualTo(0x4242);
        assertThat(m.getQuestion().getName().toString()).isEqualTo("HoT.tEsT.");
        assertThat(m.getSection(Section.ANSWER)).hasSize(1);
        assertThat(upstreamCalls).hasValue(1);
        assertThat(observed).endsWith(ResolutionKind.CACHED, ResolutionKind.CACHED);
    }

    @Test
    void lowersTtlsWithAgeAndStopsAtExpiry() throws Exception {
        warm("ttl.test.", Type.A, false);
        byte[] out = new byte[65535];
        clock.addAndGet(120_500);
        int n = atOnce(query("ttl.test.", Type.A, 9, false), out);
        assertThat(n).isPositive();
        assertThat(new Message(Arrays.copyOf(out, n)).getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(180);
        assertThat(Arrays.copyOf(out, n)).isEqualTo(full(query("ttl.test.", Type.A, 9, false)));

        clock.addAndGet(180_000); // 300 s after it was stored
        assertThat(atOnce(query("ttl.test.", Type.A, 10, false), out)).isEqualTo(-1);
    }

    @Test
    void onlyAnswersWhileTheGateAdmitsAndTheStateIsCurrent() throws Exception {
        warm("gate.test.", Type.A, true);
        byte[] out = new byte[65535];
        byte[] packet = query("gate.test.", Type.A, 3, true);
        assertThat(atOnce(packet, out)).isPositive();

        admit.set(false);
        assertThat(atOnce(packet, out)).isEqualTo(-1);
        admit.set(true);

        state.set(new Object()); // a new block-list snapshot, say
        assertThat(atOnce(packet, out)).isEqualTo(-1);
        full(packet); // served from the cache again under the new state, which makes it hot again
        assertThat(atOnce(packet, out)).isPositive();
    }

    @Test
    void keepsEdnsAndPlainQueriesApartAndNeverSendsMoreThanTheClientTakes() throws Exception {
        warm("big.test.", Type.TXT, true);
        byte[] out = new byte[65535];
        assertThat(atOnce(query("big.test.", Type.TXT, 5, true), out)).isPositive();
        // without EDNS the 800-byte answer does not fit 512 bytes: the full path truncates it
        assertThat(atOnce(query("big.test.", Type.TXT, 6, false), out)).isEqualTo(-1);
        full(query("big.test.", Type.TXT, 6, false));
        assertThat(atOnce(query("big.test.", Type.TXT, 7, false), out)).isEqualTo(-1);
        assertThat(atOnce(query("big.test.", Type.A, 8, true), out)).isEqualTo(-1);
    }

    @Test
    void leavesEverythingUnusualToTheFullPath() throws Exception {
        warm("odd.test.", Type.A, true);
        byte[] good = query("odd.test.", Type.A, 11, true);
        byte[] out = new byte[65535];
        assertThat(atOnce(good, out)).isPositive();

        List<byte[]> odd = new ArrayList<>();
        odd.add(Arrays.copyOf(good, 11)); // shorter than a header
        byte[] response = good.clone();
        response[2] |= (byte) 0x80; // QR set
        odd.add(response);
        byte[] notify = good.clone();
        notify[2] = (byte) (4 << 3); // opcode NOTIFY
        odd.add(notify);
        byte[] twoQuestions = good.clone();
        twoQuestions[5] = 2;
        odd.add(twoQuestions);
        byte[] version1 = good.clone();
        version1[good.length - 11 + 6] = 1; // EDNS version 1: BADVERS is the full path's job
        odd.add(version1);
        odd.add(Arrays.copyOf(good, good.length + 1)); // trailing byte
        odd.add(Arrays.copyOf(good, good.length - 1)); // cut short
        byte[] pointer = good.clone();
        pointer[12] = (byte) 0xC0; // a compression pointer in the question
        odd.add(pointer);
        byte[] longLabel = good.clone();
        longLabel[12] = 64;
        odd.add(longLabel);
        for (byte[] p : odd) {
            assertThat(atOnce(p, out)).as(Arrays.toString(p)).isEqualTo(-1);
        }
        byte[] random = new byte[200];
        java.util.Random rnd = new java.util.Random(7);
        for (int i = 0; i < 2000; i++) {
            rnd.nextBytes(random);
            int len = 12 + rnd.nextInt(188);
            random[2] &= 0x07;
            random[4] = 0;
            random[5] = 1;
            assertThat(atOnce.answer(random, len, CLIENT, out)).isEqualTo(-1);
        }
    }
}

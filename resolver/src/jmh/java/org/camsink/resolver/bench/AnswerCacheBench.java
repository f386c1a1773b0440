package org.camsink.resolver.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.camsink.resolver.cache.AnswerCache;
import org.camsink.resolver.cache.CacheHandler;
import org.camsink.resolver.cache.CacheKey;
import org.camsink.resolver.config.Config;
import org.camsink.resolver.pipeline.Pipeline;
import org.camsink.resolver.pipeline.Resolution;
import org.camsink.resolver.pipeline.ResolutionKind;
import org.camsink.resolver.pipeline.Transport;
import org.camsink.resolver.server.AnswerGate;
import org.camsink.resolver.server.PacketHandler;
import org.camsink.resolver.server.QueryService;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The answer-cache hit path with 10k cached names: the bare {@link AnswerCache#get} (copy, ID and TTL patch),
 * and a whole cache hit through {@link QueryService} (parse, pipeline with the cache handler, encode) as the UDP
 * listener runs it, sockets aside; and the same hit answered at once from finished bytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class AnswerCacheBench {
    private static final int NAMES = 10_000;

    private AnswerCache cache;
    private CacheKey[] keys;
    private byte[][] queries;
    private QueryService service;
    private PacketHandler.AtOnce atOnce;
    private final byte[] out = new byte[65535];
    private InetAddress client;
    private int i;

    @Setup
    public void setup() throws IOException {
        cache = new AnswerCache(new Config.Cache(100_000, 0, 86400, 3600, true, 30, Duration.ofDays(1)));
        keys = new CacheKey[NAMES];
        queries = new byte[NAMES][];
        for (int n = 0; n < NAMES; n++) {
            Name name = Name.fromString("c" + n + ".bench.");
            Message q = Message.newQuery(Record.newRecord(name, Type.A, DClass.IN));
            q.getHeader().setID(n & 0xFFFF);
            q.addRecord(new OPTRecord(1232, 0, 0, 0), Section.ADDITIONAL);
            queries[n] = q.toWire();
            Message r = new Message(0);
            r.getHeader().setFlag(Flags.QR);
            r.getHeader().setFlag(Flags.RA);
            r.addRecord(q.getQuestion(), Section.QUESTION);
            r.addRecord(new ARecord(name, DClass.IN, 3600, new byte[] {(byte) 192, 0, 2, (byte) (n % 250 + 1)}),
                    Section.ANSWER);
            keys[n] = new CacheKey(name, Type.A, DClass.IN, false, false);
            cache.put(keys[n], r);
        }
        Pipeline pipeline = new Pipeline(List.of(new CacheHandler(cache, Runnable::run)),
                query -> Resolution.of(null, ResolutionKind.FAILED, "no upstream in a benchmark"));
        AnswerGate gate = new AnswerGate() {
            @Override
            public boolean admits(InetAddress c) {
                return true;
            }

            @Override
            public Object answersState() {
                return this;
            }
        };
        service = new QueryService(() -> pipeline, 1232, (query, resolution, nanos) -> { }, () -> gate);
        client = InetAddress.getLoopbackAddress();
        atOnce = service.atOnce();
        for (byte[] q : queries) {
            service.handle(q, client, Transport.UDP);
        }
    }

    private int next() {
        int n = i;
        i = n + 1 == NAMES ? 0 : n + 1;
        return n;
    }

    @Benchmark
    public byte[] cacheGet() {
        int n = next();
        return cache.get(keys[n], n);
    }

    /** A repeated question answered on the receiving thread, from bytes (see HotAnswers). */
    @Benchmark
    public int hotAnswer() {
        byte[] q = queries[next()];
        int n = atOnce.answer(q, q.length, client, out);
        if (n >= 0) {
            atOnce.sent();
            return n;
        }
        // the few names that share a full set of the table take the normal path, as in the server
        PacketHandler.Reply reply = service.handle(q, client, Transport.UDP);
        reply.afterSend().run();
        return reply.wire().length;
    }

    @Benchmark
    public byte[] serviceCacheHit() {
        PacketHandler.Reply reply = service.handle(queries[next()], client, Transport.UDP);
        reply.afterSend().run();
        return reply.wire();
    }
}

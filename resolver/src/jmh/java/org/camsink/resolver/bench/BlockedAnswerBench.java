package org.camsink.resolver.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.camsink.resolver.admin.DeviceTable;
import org.camsink.resolver.admin.Metrics;
import org.camsink.resolver.blocking.BlockingHandler;
import org.camsink.resolver.blocking.BlockingSnapshot;
import org.camsink.resolver.blocking.DomainSet;
import org.camsink.resolver.blocking.IpRangeSet;
import org.camsink.resolver.blocking.LoadedList;
import org.camsink.resolver.blocking.WireBlockResponder;
import org.camsink.resolver.blocking.format.ListContent;
import org.camsink.resolver.config.Config;
import org.camsink.resolver.pipeline.Pipeline;
import org.camsink.resolver.pipeline.Resolution;
import org.camsink.resolver.pipeline.ResolutionKind;
import org.camsink.resolver.pipeline.Transport;
import org.camsink.resolver.server.AnswerGate;
import org.camsink.resolver.server.BlockWriter;
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
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A blocked query (a random subdomain of a name on a 1M-domain list, with EDNS, so the answer carries the SOA and
 * EDE 15): through {@link QueryService#handle} (parse, the blocking link, {@code BlockResponder}, encode) as a
 * UDP worker runs it, sockets aside; and answered at once on the receiving thread by {@link WireBlockResponder}.
 * Both tell the admin page's listeners ({@link Metrics} and a {@link DeviceTable}), as the resolver does; with
 * random subdomains of 1M domains every query is a new device-table row, so the table stays full and evicts.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
public class BlockedAnswerBench {
    private static final int DOMAINS = 1_000_000;
    private static final int QUERIES = 4096;

    private byte[][] queries;
    private QueryService service;
    private PacketHandler.AtOnce atOnce;
    private final byte[] out = new byte[65535];
    private InetAddress client;
    private int i;

    @Setup
    public void setup() throws IOException {
        Random rnd = new Random(11);
        String[] listed = new String[DOMAINS];
        DomainSet.Builder b = DomainSet.builder(DOMAINS);
        for (int n = 0; n < DOMAINS; n++) {
            listed[n] = "d" + Integer.toString(rnd.nextInt(1 << 30), 36) + n + ".com";
            b.add(listed[n]);
        }
        ListContent content = new ListContent(b.build(), DomainSet.empty(), IpRangeSet.empty(), IpRangeSet.empty(),
                0, 0, List.of(), null);
        Config.ListSource source = new Config.ListSource("/bench/list", "bench", Config.ListAction.BLOCK,
                Config.ListFormat.DOMAINS, null, null);
        BlockingSnapshot snapshot = new BlockingSnapshot(
                List.of(new LoadedList(source, Config.ListAction.BLOCK, content, Instant.now(), null)), DomainSet.empty());
        Config.Blocking settings = new Config.Blocking(Config.BlockMode.NXDOMAIN, null, null, 60, true);
        Pipeline pipeline = new Pipeline(List.of(new BlockingHandler(() -> snapshot, settings, 1232)),
                query -> Resolution.of(null, ResolutionKind.FAILED, "no upstream in a benchmark"));
        AnswerGate gate = new AnswerGate() {
            @Override
            public boolean admits(InetAddress c) {
                return true;
            }

            @Override
            public Object answersState() {
                return snapshot;
            }

            @Override
            public BlockWriter blockWriter(int ednsPayload) {
                return new WireBlockResponder(() -> snapshot, settings, ednsPayload);
            }
        };
        Metrics metrics = new Metrics();
        DeviceTable devices = new DeviceTable();
        service = new QueryService(() -> pipeline, 1232, (query, resolution, nanos) -> {
            metrics.onQuery(query, resolution, nanos);
            devices.onQuery(query, resolution, nanos);
        }, () -> gate);
        atOnce = service.atOnce();
        client = InetAddress.getLoopbackAddress();
        queries = new byte[QUERIES][];
        for (int n = 0; n < QUERIES; n++) {
            Name name = Name.fromString("x" + rnd.nextInt(1_000_000) + "." + listed[rnd.nextInt(DOMAINS)] + ".");
            Message q = Message.newQuery(Record.newRecord(name, Type.A, DClass.IN));
            q.addRecord(new OPTRecord(1232, 0, 0, 0), Section.ADDITIONAL);
            queries[n] = q.toWire();
        }
    }

    private byte[] next() {
        byte[] q = queries[i];
        i = (i + 1) & (QUERIES - 1);
        return q;
    }

    @Benchmark
    public byte[] serviceBlocked() {
        PacketHandler.Reply reply = service.handle(next(), client, Transport.UDP);
        reply.afterSend().run();
        return reply.wire();
    }

    @Benchmark
    public int atOnceBlocked() {
        byte[] q = next();
        int n = atOnce.answer(q, q.length, client, out);
        if (n < 0) {
            throw new IllegalStateException("a blocked name was left to the full path");
        }
        atOnce.sent();
        return n;
    }
}

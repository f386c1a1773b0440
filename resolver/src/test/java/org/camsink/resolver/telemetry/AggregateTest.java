package org.camsink.resolver.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camsink.resolver.telemetry.Telemetry.ask;
import static org.camsink.resolver.telemetry.Telemetry.waitFor;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import org.camsink.report.HitReport;
import org.camsink.report.ReportHit;
import org.camsink.resolver.events.Hit;
import org.camsink.resolver.events.MatchKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AggregateTest {
    @TempDir
    Path dataDir;

    @Test
    void clientCounterIsExactWhenSmallAndCloseWhenLarge() {
        SplittableRandom r = new SplittableRandom(5);
        ClientCounter small = new ClientCounter(32, 10);
        for (int i = 0; i < 1000; i++) {
            small.add(r.nextLong() & 0x7 | 0x100); // 8 distinct values, many repeats
        }
        assertThat(small.estimate()).isEqualTo(8);

        ClientCounter large = new ClientCounter(256, 14);
        long[] seen = new long[200_000];
        for (int i = 0; i < seen.length; i++) {
            seen[i] = r.nextLong();
            large.add(seen[i]);
            large.add(seen[i]); // repeats do not count
        }
        assertThat((double) large.estimate()).isCloseTo(200_000, org.assertj.core.data.Percentage.withPercentage(3));
    }

    @Test
    void clientCounterSwitchesToTheSketchWithoutLosingTheExactClients() {
        long[] clients = new SplittableRandom(7).longs(300).toArray();
        ClientCounter c = new ClientCounter(256, 14);
        for (int i = 0; i < 256; i++) {
            c.add(clients[i]);
        }
        assertThat(c.estimate()).isEqualTo(256);
        for (int i = 256; i < clients.length; i++) {
            c.add(clients[i]);
            c.add(clients[i % 256]); // an early client again
        }
        // 44 clients after the switch: without the exact ones in the sketch this would say 256
        assertThat((double) c.estimate()).isCloseTo(300, org.assertj.core.data.Percentage.withPercentage(3));
    }

    @Test
    void anIpv4ClientHashesLikeItsAddressBytes() throws Exception {
        Aggregate.Day day = new Aggregate.Day(20_000);
        for (String a : List.of("192.0.2.1", "10.255.0.7", "255.255.255.255", "0.0.0.0", "127.0.0.2")) {
            InetAddress client = InetAddress.getByName(a);
            assertThat(day.hash(client)).as(a).isEqualTo(day.hash(client.getAddress()));
        }
        InetAddress v6 = InetAddress.getByName("2001:db8::1");
        assertThat(day.hash(v6)).isEqualTo(day.hash(v6.getAddress())).isNotEqualTo(day.hash(InetAddress.getByName("2001:db8::2")));
    }

    @Test
    void countingAKnownRowAllocatesNothing() throws Exception {
        Aggregate.Day day = new Aggregate.Day(20_000);
        InetAddress client = InetAddress.getByName("192.168.1.20");
        Hit hit = new Hit("trassir", "cloud.trassir.com", MatchKind.QNAME, client, true);
        Hit fresh = new Hit("trassir", new String("cloud.trassir.com".toCharArray()), MatchKind.QNAME, client, true);
        day.record(client, hit);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 100_000; i++) {
            day.record(client, i % 2 == 0 ? hit : fresh);
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertThat(allocated).as("bytes allocated by 100k records").isLessThan(16_384);
        List<Aggregate.Line> lines = day.draft().lines();
        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst().queries()).isEqualTo(100_001);
        assertThat(lines.getFirst().clients()).isEqualTo(1);
        assertThat(day.draft().activeClients()).isEqualTo(1);
    }

    @Test
    void rowsBeyondTheDailyCapAndEntriesThatBreakTheContractAreNeverReported() throws Exception {
        Aggregate.Day day = new Aggregate.Day(20_000);
        InetAddress client = InetAddress.getByName("192.168.1.20");
        for (int i = 0; i < Aggregate.MAX_ROWS + 500; i++) {
            day.record(client, new Hit("big", "n" + i + ".example.com", MatchKind.QNAME, client, true));
            day.record(client, new Hit("big", "10.1.2." + (i % 200) + ".example.com", MatchKind.QNAME, client, true));
        }
        day.record(client, new Hit("big", "n0.example.com", MatchKind.QNAME, client, true));
        day.record(client, new Hit("big", "n0.example.com", MatchKind.CNAME, client, true)); // a new key: over the cap
        List<Aggregate.Line> lines = day.draft().lines();
        assertThat(lines).hasSize(Aggregate.MAX_ROWS);
        assertThat(lines).allSatisfy(l -> assertThat(l.row().key.entry()).startsWith("n").doesNotContain("10.1.2."));
        assertThat(lines.stream().filter(l -> l.row().key.entry().equals("n0.example.com")).toList())
                .singleElement().satisfies(l -> assertThat(l.queries()).isEqualTo(2));
        assertThat(day.overflow.sum()).isEqualTo(2L * (Aggregate.MAX_ROWS + 500) - Aggregate.MAX_ROWS + 1);
    }

    @Test
    void concurrentQueriesWhileSealingAreCountedExactlyOnce() throws Exception {
        try (Receiver receiver = new Receiver()) {
            TelemetryService s = TelemetryService.start(Telemetry.config(receiver.endpoint(), dataDir, Duration.ofHours(1), 8 << 20),
                    new MovableClock(Instant.parse("2026-11-25T09:00:00Z")), new Random(2),
                    new Backoff(Duration.ofMillis(100), Duration.ofMillis(500), new Random(2)));
            try {
                int threads = 4;
                int perThread = 5_000;
                CountDownLatch done = new CountDownLatch(threads);
                List<Thread> workers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int id = t;
                    workers.add(Thread.ofVirtual().start(() -> {
                        for (int i = 0; i < perThread; i++) {
                            ask(s, "192.168.3." + (id * 10 + i % 10), "q.cloud.trassir.com.", "trassir", "cloud.trassir.com",
                                    i % 3 == 0 ? MatchKind.CNAME : MatchKind.QNAME);
                        }
                        done.countDown();
                    }));
                }
                while (done.getCount() > 0) {
                    s.sealNow();
                    Thread.sleep(5);
                }
                s.sealNow();
                long expected = (long) threads * perThread;
                waitFor("every report delivered", Duration.ofSeconds(30), () -> s.status().pending() == 0
                        && receiver.reports().stream().flatMap(r -> r.hits().stream()).mapToLong(ReportHit::queries).sum() == expected);
                List<HitReport> reports = receiver.reports();
                assertThat(reports.size()).isGreaterThan(1);
                assertThat(reports.getLast().activeClients()).isEqualTo(threads * 10);
                long cname = reports.stream().flatMap(r -> r.hits().stream()).filter(h -> h.match().equals("cname"))
                        .mapToLong(ReportHit::queries).sum();
                assertThat(cname).isEqualTo((long) threads * ((perThread + 2) / 3));
            } finally {
                s.close();
            }
        }
    }
}

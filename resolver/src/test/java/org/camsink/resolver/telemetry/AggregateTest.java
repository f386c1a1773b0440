package org.camsink.resolver.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camsink.resolver.telemetry.Telemetry.ask;
import static org.camsink.resolver.telemetry.Telemetry.waitFor;

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

package org.camsink.resolver.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.camsink.resolver.events.MatchKind;
import org.junit.jupiter.api.Test;

class DeviceTableTest {

    @Test
    void countsPerClientListAndEntryWithFirstAndLastSeen() throws Exception {
        AtomicLong now = new AtomicLong(1_000);
        DeviceTable t = new DeviceTable(100, now::get);
        InetAddress a = InetAddress.getByName("192.168.1.2");
        t.record(a, "trassir", "trassir.com", MatchKind.QNAME, true);
        now.set(5_000);
        t.record(a, "trassir", "trassir.com", MatchKind.CNAME, true);
        t.record(a, "trassir", "dssl.ru", MatchKind.QNAME, false);

        var rows = t.snapshot();
        assertThat(rows).hasSize(2);
        var first = rows.stream().filter(d -> d.entry().equals("trassir.com")).findFirst().orElseThrow();
        assertThat(first.queries()).isEqualTo(2);
        assertThat(first.firstSeen().toEpochMilli()).isEqualTo(1_000);
        assertThat(first.lastSeen().toEpochMilli()).isEqualTo(5_000);
        assertThat(first.match()).isEqualTo(MatchKind.CNAME);
        assertThat(rows.stream().filter(d -> d.entry().equals("dssl.ru")).findFirst().orElseThrow().blocked()).isFalse();
    }

    @Test
    void staysBoundedByDroppingTheRowsSeenLongestAgo() throws Exception {
        AtomicLong now = new AtomicLong();
        DeviceTable t = new DeviceTable(16, now::get);
        InetAddress a = InetAddress.getByName("10.0.0.1");
        for (int i = 0; i < 1000; i++) {
            now.set(i);
            t.record(a, "l", "e" + i + ".example", MatchKind.QNAME, true);
        }
        assertThat(t.size()).isLessThanOrEqualTo(16 + 2);
        assertThat(t.evicted()).isEqualTo(1000 - t.size());
        assertThat(t.snapshot()).anyMatch(d -> d.entry().equals("e999.example"))
                .noneMatch(d -> d.entry().equals("e0.example"));
    }

    @Test
    void selectionFindsWhatASortWould() {
        java.util.Random rnd = new java.util.Random(5);
        for (int round = 0; round < 300; round++) {
            int n = 1 + rnd.nextInt(200);
            int spread = 1 + rnd.nextInt(round % 3 == 0 ? 3 : 1000); // some rounds nearly all equal
            long[] a = new long[n];
            for (int i = 0; i < n; i++) {
                a[i] = rnd.nextInt(spread);
            }
            long[] sorted = a.clone();
            java.util.Arrays.sort(sorted);
            int k = rnd.nextInt(n);
            assertThat(DeviceTable.smallest(a.clone(), n, k)).as("round %d, k %d", round, k).isEqualTo(sorted[k]);
        }
    }

    @Test
    void concurrentWritersLoseNoCounts() throws Exception {
        DeviceTable t = new DeviceTable();
        InetAddress a = InetAddress.getByName("10.0.0.1");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int w = 0; w < 4; w++) {
            pool.execute(() -> {
                for (int i = 0; i < 10_000; i++) {
                    t.record(a, "trassir", "trassir.com", MatchKind.QNAME, true);
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
        assertThat(t.snapshot().get(0).queries()).isEqualTo(40_000);
    }
}

package org.camsink.resolver.blocking;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.camsink.resolver.config.Config.ListAction;
import org.camsink.resolver.config.Config.ListSource;
import org.xbill.DNS.Name;

/**
 * Measures what a big domain list costs: load time through {@link ListManager} (read, detect, parse, build,
 * publish) and the heap the loaded list retains, plus lookup speed. Not a test; run it by hand:
 *
 * <pre>
 * ./mvnw -B -q -pl resolver -am package -DskipTests &amp;&amp; ./mvnw -B -q -pl resolver test-compile
 * java -Xmx512m -cp resolver/target/camsink-resolver.jar:resolver/target/test-classes \
 *     org.camsink.resolver.blocking.ListLoadBenchmark 1000000
 * </pre>
 *
 * <p>Arguments: the number of domains to generate, or an existing domains file (such as the one
 * {@code bench/run.sh --keep} leaves); the number of rounds (default 5); {@code nolookups} to skip the lookup
 * timing, which holds the whole file as strings. Run with a small {@code -Xmx} to find the heap a load needs:
 * the smallest that does not fail is the load's real peak.
 */
public final class ListLoadBenchmark {
    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final String[] TLDS = {"com", "net", "org", "ru", "cn", "io", "info", "biz", "xyz", "top"};

    private ListLoadBenchmark() {}

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "1000000";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        boolean lookups = !(args.length > 2 && args[2].equals("nolookups"));
        boolean given = !what.chars().allMatch(Character::isDigit);
        Path dir = Files.createTempDirectory("camsink-bench");
        Path file = given ? Path.of(what) : dir.resolve("big.txt");
        try {
            long textBytes = given ? Files.size(file) : generate(file, Integer.parseInt(what));
            long n = given ? lineCount(file) : Integer.parseInt(what);
            System.out.printf("list: %,d domains, %,d bytes (%.1f bytes per line) in %s%n", n, Files.size(file),
                    Files.size(file) / (double) n, file);
            MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
            ListSource source = new ListSource(file.toString(), "big", ListAction.BLOCK, null, Duration.ofHours(1), null);
            for (int round = 1; round <= rounds; round++) {
                long before = settledHeap(mem);
                ListManager m = new ListManager(dir.resolve("cache"), HttpClient.newHttpClient(), Duration.ofHours(1),
                        Clock.systemUTC());
                long c0 = THREADS.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                m.configure(List.of(source), List.of());
                long loadNanos = System.nanoTime() - t0;
                long cpuNanos = THREADS.getCurrentThreadCpuTime() - c0;
                long after = settledHeap(mem);
                DomainSet set = m.snapshot().lists().getFirst().content().domains();
                System.out.printf("round %d: load %.0f ms wall, %.0f ms CPU; retained heap %,d bytes = %.1f bytes/domain;"
                                + " table %.1f bytes/domain; %,d domains%n",
                        round, loadNanos / 1e6, cpuNanos / 1e6, after - before, (after - before) / (double) set.size(),
                        set.tableBytes() / (double) set.size(), set.size());
                if (round == rounds && lookups) {
                    lookups(set, file);
                }
                m.close();
            }
            System.out.printf("(the list text itself averages %.1f bytes per domain)%n", textBytes / (double) n);
        } finally {
            if (!given) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        }
    }

    private static long lineCount(Path file) throws Exception {
        try (var lines = Files.lines(file, StandardCharsets.US_ASCII)) {
            return lines.count();
        }
    }

    private static long generate(Path file, int n) throws Exception {
        Random r = new Random(7);
        StringBuilder sb = new StringBuilder(n * 24);
        long text = 0;
        for (int i = 0; i < n; i++) {
            int start = sb.length();
            sb.append(Integer.toString(i, 36)).append('-');
            for (int k = 0, len = 4 + r.nextInt(8); k < len; k++) {
                sb.append((char) ('a' + r.nextInt(26)));
            }
            sb.append('.').append(TLDS[r.nextInt(TLDS.length)]);
            text += sb.length() - start;
            sb.append('\n');
        }
        Files.writeString(file, sb, StandardCharsets.US_ASCII);
        return text;
    }

    /** Times lookups of subdomains of listed names (hits) and of unlisted names (misses), in wire form. */
    private static void lookups(DomainSet set, Path file) throws Exception {
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        Random r = new Random(11);
        int count = 200_000;
        byte[][] hits = new byte[count][];
        byte[][] misses = new byte[count][];
        for (int i = 0; i < count; i++) {
            String d = lines.get(r.nextInt(lines.size()));
            hits[i] = Name.fromString("Cam-" + i + ".Cloud." + d + ".").toWire();
            misses[i] = Name.fromString("cam-" + i + ".cloud.x" + d + ".").toWire();
        }
        for (int round = 0; round < 5; round++) {
            long found = 0;
            long t0 = THREADS.getCurrentThreadCpuTime();
            for (byte[] w : hits) {
                found += set.lookup(w, 0) >= 0 ? 1 : 0;
            }
            long t1 = THREADS.getCurrentThreadCpuTime();
            for (byte[] w : misses) {
                found += set.lookup(w, 0) >= 0 ? 1 : 0;
            }
            long t2 = THREADS.getCurrentThreadCpuTime();
            if (round == 4) {
                System.out.printf("lookup CPU time (5-label names): hit %.0f ns, miss %.0f ns; %d of %d hits found%n",
                        (t1 - t0) / (double) count, (t2 - t1) / (double) count, found, count);
            }
        }
    }

    private static long settledHeap(MemoryMXBean mem) throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, mem.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}

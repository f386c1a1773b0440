package org.camsink.resolver.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.camsink.resolver.blocking.DomainSet;
import org.camsink.resolver.blocking.IpRangeSet;
import org.camsink.resolver.net.Cidr;
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
import org.xbill.DNS.Name;

/**
 * Block-list lookups on the query's wire bytes: a 1M-domain {@link DomainSet} (a random subdomain of a listed
 * domain, and a name that is not listed), and a 100k-prefix {@link IpRangeSet} (an address inside a listed range,
 * and one outside). {@code tableBytes} is printed at setup: the set's memory per domain.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
public class BlockListBench {
    private static final int DOMAINS = 1_000_000;
    private static final int PREFIXES = 100_000;
    private static final int QUERIES = 4096;

    private DomainSet domains;
    private IpRangeSet ranges;
    private byte[][] hits;
    private byte[][] misses;
    private byte[][] inside;
    private byte[][] outside;
    private int i;

    private static String label(Random rnd, int min, int max) {
        int n = min + rnd.nextInt(max - min + 1);
        StringBuilder sb = new StringBuilder(n);
        for (int k = 0; k < n; k++) {
            sb.append((char) ('a' + rnd.nextInt(26)));
        }
        return sb.toString();
    }

    @Setup
    public void setup() throws Exception {
        Random rnd = new Random(7);
        String[] tlds = {"com", "net", "org", "ru", "info", "xyz", "io", "biz"};
        String[] listed = new String[DOMAINS];
        DomainSet.Builder b = DomainSet.builder(DOMAINS);
        for (int n = 0; n < DOMAINS; n++) {
            listed[n] = label(rnd, 5, 12) + n + "." + tlds[n % tlds.length];
            b.add(listed[n]);
        }
        domains = b.build();
        System.out.printf("%n%d domains in %d table bytes: %.1f bytes per domain%n", domains.size(),
                domains.tableBytes(), (double) domains.tableBytes() / domains.size());
        hits = new byte[QUERIES][];
        misses = new byte[QUERIES][];
        for (int n = 0; n < QUERIES; n++) {
            hits[n] = Name.fromString(label(rnd, 3, 8) + "." + listed[rnd.nextInt(DOMAINS)] + ".").toWire();
            misses[n] = Name.fromString("www." + label(rnd, 5, 12) + ".example.").toWire();
        }
        IpRangeSet.Builder r = IpRangeSet.builder();
        for (int n = 0; n < PREFIXES; n++) {
            // disjoint /24s in 10.0.0.0/8 and 11.0.0.0/8
            r.add(Cidr.parse((n % 2 == 0 ? "10." : "11.") + (n / 256 % 256) + "." + (n % 256) + ".0/24"));
        }
        ranges = r.build();
        inside = new byte[QUERIES][];
        outside = new byte[QUERIES][];
        for (int n = 0; n < QUERIES; n++) {
            int k = rnd.nextInt(PREFIXES);
            inside[n] = new byte[] {(byte) (k % 2 == 0 ? 10 : 11), (byte) (k / 256 % 256), (byte) (k % 256),
                (byte) rnd.nextInt(256)};
            outside[n] = new byte[] {(byte) 192, (byte) 168, (byte) rnd.nextInt(256), (byte) rnd.nextInt(256)};
        }
        for (int n = 0; n < QUERIES; n++) {
            if (domains.lookup(hits[n], 0) < 0 || domains.lookup(misses[n], 0) >= 0
                    || ranges.find(inside[n]) == null || ranges.find(outside[n]) != null) {
                throw new IllegalStateException("benchmark data does not match or miss as intended");
            }
        }
    }

    private int next() {
        int n = i;
        i = (n + 1) & (QUERIES - 1);
        return n;
    }

    @Benchmark
    public int domainHit() {
        return domains.lookup(hits[next()], 0);
    }

    @Benchmark
    public int domainMiss() {
        return domains.lookup(misses[next()], 0);
    }

    @Benchmark
    public Object cidrHit() {
        return ranges.find(inside[next()]);
    }

    @Benchmark
    public Object cidrMiss() {
        return ranges.find(outside[next()]);
    }
}

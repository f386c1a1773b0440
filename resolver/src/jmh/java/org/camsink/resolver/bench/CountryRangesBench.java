package org.camsink.resolver.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.camsink.blocklists.catalogue.Catalogue;
import org.camsink.blocklists.catalogue.VendorList;
import org.camsink.blocklists.country.CountryLists;
import org.camsink.resolver.blocking.IpRangeSet;
import org.camsink.resolver.blocking.format.ListContent;
import org.camsink.resolver.blocking.format.ListFormats;
import org.camsink.resolver.config.Config.ListFormat;
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

/**
 * Answer-address lookups with the bundled country ranges loaded (country-ru and country-by: 10,836 IPv4 and IPv6
 * prefixes), the way the resolver checks each A/AAAA of an answer: an address inside a Russian prefix, one outside
 * every prefix, a random IPv4 address (mostly misses, as in a household's traffic), and an IPv6 hit. Also the time
 * to load every bundled list (catalogue and country ranges) from the jar. Setup prints the heap the loaded lists
 * hold, measured as the used heap after a full GC with 20 copies held, divided by 20.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgs = {"-Xmx256m"})
public class CountryRangesBench {
    private static final int QUERIES = 4096;

    private IpRangeSet ru;
    private IpRangeSet by;
    private byte[][] inside;
    private byte[][] outside;
    private byte[][] random;
    private byte[][] inside6;
    private int i;

    /** Every bundled list as the resolver loads it: the catalogue lists and the country ranges. */
    static List<ListContent> loadAll() throws Exception {
        List<ListContent> out = new ArrayList<>();
        for (VendorList l : Catalogue.builtins()) {
            out.add(ListFormats.of(l, "builtin:" + l.id()));
        }
        for (String id : CountryLists.IDS) {
            out.add(ListFormats.parse(ListFormat.CIDR, CountryLists.bytes(id).orElseThrow(), "builtin:" + id));
        }
        return out;
    }

    private static long usedAfterGc() {
        for (int k = 0; k < 3; k++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Setup
    public void setup() throws Exception {
        long before = usedAfterGc();
        List<List<ListContent>> copies = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            copies.add(loadAll());
        }
        long after = usedAfterGc();
        List<ListContent> lists = copies.getFirst();
        int ranges = lists.stream().mapToInt(c -> c.ranges().size()).sum();
        int domains = lists.stream().mapToInt(c -> c.domains().size()).sum();
        System.out.printf("%n%d bundled lists, %d domains, %d prefixes: %.0f KiB of heap for one copy%n",
                lists.size(), domains, ranges, (after - before) / 20.0 / 1024);
        ru = lists.get(lists.size() - 2).ranges();
        by = lists.get(lists.size() - 1).ranges();

        List<Cidr> ru4 = new ArrayList<>();
        List<Cidr> ru6 = new ArrayList<>();
        for (String line : new String(CountryLists.bytes("country-ru").orElseThrow()).split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                Cidr c = Cidr.parse(line.strip());
                (c.network().length == 4 ? ru4 : ru6).add(c);
            }
        }
        Random rnd = new Random(11);
        inside = new byte[QUERIES][];
        outside = new byte[QUERIES][];
        random = new byte[QUERIES][];
        inside6 = new byte[QUERIES][];
        for (int n = 0; n < QUERIES; n++) {
            inside[n] = ru4.get(rnd.nextInt(ru4.size())).network().clone(); // a prefix's first address
            outside[n] = new byte[] {(byte) 192, 0, 2, (byte) rnd.nextInt(256)};
            random[n] = new byte[] {(byte) (1 + rnd.nextInt(223)), (byte) rnd.nextInt(256), (byte) rnd.nextInt(256),
                (byte) rnd.nextInt(256)};
            inside6[n] = ru6.get(rnd.nextInt(ru6.size())).network().clone();
            inside6[n][15] = (byte) (1 + rnd.nextInt(200));
        }
        for (int n = 0; n < QUERIES; n++) {
            if (ru.find(inside[n]) == null || ru.find(outside[n]) != null || by.find(outside[n]) != null
                    || ru.find(inside6[n]) == null) {
                throw new IllegalStateException("benchmark data does not match or miss as intended");
            }
        }
    }

    private int next() {
        int n = i;
        i = (n + 1) & (QUERIES - 1);
        return n;
    }

    /** Both country lists checked, as the resolver does for an answer address. */
    private Object lookup(byte[] a) {
        Object m = ru.find(a);
        return m != null ? m : by.find(a);
    }

    /** An address in a Russian prefix. */
    @Benchmark
    public Object ipv4InRussia() {
        return lookup(inside[next()]);
    }

    @Benchmark
    public Object ipv4Outside() {
        return lookup(outside[next()]);
    }

    @Benchmark
    public Object ipv4Random() {
        return lookup(random[next()]);
    }

    @Benchmark
    public Object ipv6InRussia() {
        return lookup(inside6[next()]);
    }

    /** Loading every bundled list from the jar, as at start-up. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 5)
    @Measurement(iterations = 20)
    public Object loadAllBundledLists() throws Exception {
        return loadAll();
    }
}

package org.camsink.resolver.flood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camsink.resolver.testing.JvmOptions;
import org.camsink.resolver.testing.BigAnswerUpstream;
import org.camsink.resolver.testing.FaultyUpstream;
import org.camsink.resolver.testing.DnsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The floods of issue 11 against the packaged jar, started as {@code ./camsink run} starts it (the launcher's JVM
 * flags, so a 256 MiB heap and {@code -XX:+ExitOnOutOfMemoryError}), with the default limits. For each flood: the
 * process stays up, its heap stays under the limit (the most {@code /metrics} showed during the flood, and the live
 * heap after a full collection through {@code jcmd}), and a normal query from another client (127.0.0.2) is answered
 * during and after. The figures go to {@code target/memory-flood.txt}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MemoryFloodIT {
    static final int PADDING = 65_000;
    static final InetAddress OTHER_CLIENT = address("127.0.0.2");
    static final Duration WAIT = Duration.ofSeconds(10);
    static final long MIB = 1 << 20;

    static FaultyUpstream upstream;
    static Process camsink;
    static Path log;
    static int port;
    static int adminPort;
    static final List<String> figures = new ArrayList<>();
    static final List<Socket> halfSent = new ArrayList<>();
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();

    @TempDir
    static Path dir;

    static InetAddress address(String a) {
        try {
            return InetAddress.getByName(a);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JVM flags {@code ./camsink run} uses, read from their one file. */
    static List<String> launcherFlags() throws IOException {
        return JvmOptions.read(Path.of("src/main/dist/jvm.options"));
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() throws IOException {
        try (java.net.DatagramSocket udp = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress());
             java.net.ServerSocket tcp = new java.net.ServerSocket(udp.getLocalPort(), 1, InetAddress.getLoopbackAddress())) {
            return udp.getLocalPort();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        upstream = BigAnswerUpstream.start();
        port = freePort();
        adminPort = freePort();
        Path config = dir.resolve("camsink.yaml");
        Files.writeString(config, "listen: [\"127.0.0.1:" + port + "\"]\n"
                + "upstreams: [\"" + upstream.hostPort() + "\"]\n"
                + "admin: { listen: \"127.0.0.1:" + adminPort + "\" }\n"
                + "telemetry: { dataDir: \"" + dir.resolve("state") + "\" }\n");
        log = dir.resolve("camsink.log");
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(launcherFlags());
        command.addAll(List.of("-jar", Path.of(System.getProperty("camsink.jar", "target/camsink-resolver.jar")).toString(),
                "run", "--config", config.toString()));
        camsink = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log).contains("listening on"));
        figures.add("command: " + String.join(" ", command));
        // two requests that never finish, held open through every flood below
        for (int i = 0; i < 2; i++) {
            Socket s = new Socket(InetAddress.getLoopbackAddress(), adminPort);
            s.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: ".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            halfSent.add(s);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (Socket s : halfSent) {
            s.close();
        }
        if (camsink != null) {
            camsink.destroy();
            if (!camsink.waitFor(10, TimeUnit.SECONDS)) {
                camsink.destroyForcibly();
            }
        }
        if (upstream != null) {
            upstream.close();
        }
        Files.write(Path.of("target", "memory-flood.txt"), figures);
        figures.forEach(System.out::println);
    }

    // ---- the resolver's side: metrics, heap, liveness

    static String metrics() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/metrics"))
                .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    static long metric(String text, String sample) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(text);
        assertThat(m.find()).as(sample + " in /metrics").isTrue();
        return (long) Double.parseDouble(m.group(1));
    }

    static final String HEAP_USED = "jvm_memory_used_bytes{area=\"heap\"}";
    static final String HEAP_MAX = "jvm_memory_max_bytes{area=\"heap\"}";

    /** The live heap: a full collection through jcmd, then what /metrics shows. */
    static long liveHeap() throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(camsink.pid()), "GC.run").redirectErrorStream(true).start();
        assertThat(jcmd.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return metric(metrics(), HEAP_USED);
    }

    /** Samples the heap through /metrics while a flood runs, and asks a normal question from another client. */
    static final class Watch implements AutoCloseable {
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong maxHeap = new AtomicLong();
        final AtomicInteger answered = new AtomicInteger();
        final AtomicInteger unanswered = new AtomicInteger();
        final AtomicInteger scrapes = new AtomicInteger();
        final Thread sampler = Thread.ofVirtual().start(this::sample);
        final Thread prober = Thread.ofVirtual().start(this::probe);

        void sample() {
            while (running.get()) {
                try {
                    maxHeap.accumulateAndGet(metric(metrics(), HEAP_USED), Math::max);
                    scrapes.incrementAndGet();
                    Thread.sleep(200);
                } catch (Exception | AssertionError e) {
                    // counted by scrapes staying low
                }
            }
        }

        void probe() {
            int i = 0;
            while (running.get()) {
                try {
                    Message q = DnsClient.query("probe" + (i++ % 50) + ".test.", Type.A);
                    Message r = i % 2 == 0
                            ? DnsClient.udp(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), q, Duration.ofSeconds(3), OTHER_CLIENT)
                            : DnsClient.tcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), q, Duration.ofSeconds(3), OTHER_CLIENT);
                    if (r.getRcode() == Rcode.NOERROR && r.getSection(Section.ANSWER).size() == 1) {
                        answered.incrementAndGet();
                    } else {
                        unanswered.incrementAndGet();
                    }
                    Thread.sleep(100);
                } catch (Exception e) {
                    unanswered.incrementAndGet();
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            sampler.join();
            prober.join();
        }
    }

    /** After a flood: up, answering another client over UDP and TCP, heap figures recorded and under the limit. */
    static void stillServing(String flood, Watch watch, long started) throws Exception {
        assertThat(camsink.isAlive()).as("the resolver process after " + flood + "\n" + Files.readString(log)).isTrue();
        assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
        InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        assertThat(DnsClient.udp(server, DnsClient.query("after.test.", Type.A), WAIT, OTHER_CLIENT).getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(DnsClient.tcp(server, DnsClient.query("after.test.", Type.A), WAIT, OTHER_CLIENT).getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(watch.answered.get()).as("probes answered during " + flood).isPositive();
        assertThat(watch.unanswered.get()).as("probes not answered during " + flood)
                .isLessThanOrEqualTo(Math.max(1, watch.answered.get() / 10));
        String m = metrics();
        long max = metric(m, HEAP_MAX);
        long live = liveHeap();
        figures.add(String.format("%s: %.1f s, heap max %d MiB, most used seen %.1f MiB (%d samples), live after full GC"
                        + " %.1f MiB; probes answered %d, not %d; in-flight bytes %d, shed udp %d tcp %d; cache %d entries,"
                        + " %.1f MiB answers + %.1f MiB hot, evictions %d",
                flood, (System.nanoTime() - started) / 1e9, max / MIB, watch.maxHeap.get() / (double) MIB,
                watch.scrapes.get(), live / (double) MIB, watch.answered.get(), watch.unanswered.get(),
                metric(m, "camsink_inflight_bytes"), metric(m, "camsink_shed_total{transport=\"udp\"}"),
                metric(m, "camsink_shed_total{transport=\"tcp\"}"), metric(m, "camsink_cache_entries"),
                metric(m, "camsink_cache_bytes{table=\"answers\"}") / (double) MIB,
                metric(m, "camsink_cache_bytes{table=\"hot\"}") / (double) MIB, metric(m, "camsink_cache_evictions_total")));
        assertThat(watch.maxHeap.get()).isLessThan(max);
        // the budgets hold: cache (64 MiB) + queries in flight (16 MiB) + lists and the rest fit well below the heap
        assertThat(live).as("live heap after " + flood).isLessThan(max * 3 / 4);
    }

    // ---- the flooding client

    /**
     * The query for {@code n<i>.<suffix>} A (i below 100,000) with a padding option of {@code padding} bytes: a copy of
     * one template with the five digits of the name patched in, so a flood does not serialize a message per query.
     */
    static byte[] padded(String suffix, int i, int padding) {
        Message q = DnsClient.query("n00000." + suffix, Type.A);
        q.addRecord(new OPTRecord(4096, 0, 0, 0, List.<EDNSOption>of(new GenericEDNSOption(12, new byte[padding]))),
                Section.ADDITIONAL);
        byte[] wire = q.toWire();
        String digits = String.format("%05d", i);
        for (int d = 0; d < 5; d++) {
            wire[12 + 2 + d] = (byte) digits.charAt(d); // after the header and the label's length and 'n'
        }
        return wire;
    }

    /** What a TCP flood got back. */
    record Outcome(int answered, int closedByServer, int unanswered) {}

    /**
     * Sends {@code queries} over {@code connections} TCP connections, {@code window} at a time per connection, reading
     * the answers of each window before sending the next. A connection the server closes is counted and replaced.
     */
    static Outcome tcpFlood(int count, java.util.function.IntFunction<byte[]> query, int connections, int window,
                            Duration readTimeout) throws Exception {
        return tcpFlood(count, query, connections, window, readTimeout, List.of(InetAddress.getLoopbackAddress()));
    }

    /** As above, connection {@code c} from {@code sources.get(c % sources.size())}. */
    static Outcome tcpFlood(int count, java.util.function.IntFunction<byte[]> query, int connections, int window,
                            Duration readTimeout, List<InetAddress> sources) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        AtomicInteger lost = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < connections; c++) {
                InetAddress source = sources.get(c % sources.size());
                pool.submit(() -> {
                    Socket s = null;
                    while (next.get() < count) {
                        List<byte[]> batch = new ArrayList<>();
                        for (int i; batch.size() < window && (i = next.getAndIncrement()) < count; ) {
                            batch.add(query.apply(i));
                        }
                        int got = 0;
                        try {
                            if (s == null) {
                                s = new Socket();
                                s.bind(new InetSocketAddress(source, 0));
                                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                                s.setTcpNoDelay(true);
                                s.setSoTimeout((int) readTimeout.toMillis());
                            }
                            OutputStream out = s.getOutputStream();
                            for (byte[] q : batch) {
                                byte[] framed = new byte[q.length + 2];
                                framed[0] = (byte) (q.length >>> 8);
                                framed[1] = (byte) q.length;
                                System.arraycopy(q, 0, framed, 2, q.length);
                                out.write(framed); // one write per message, so Nagle never waits for a delayed ACK
                            }
                            out.flush();
                            DataInputStream in = new DataInputStream(s.getInputStream());
                            for (; got < batch.size(); got++) {
                                byte[] r = new byte[in.readUnsignedShort()];
                                in.readFully(r);
                                answered.incrementAndGet();
                            }
                        } catch (SocketTimeoutException e) {
                            lost.addAndGet(batch.size() - got);
                            closeQuietly(s);
                            s = null;
                        } catch (IOException e) {
                            closed.incrementAndGet();
                            lost.addAndGet(batch.size() - got);
                            closeQuietly(s);
                            s = null;
                        }
                    }
                    closeQuietly(s);
                    return null;
                });
            }
        }
        return new Outcome(answered.get(), closed.get(), lost.get());
    }

    static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // done with it
            }
        }
    }

    // ---- the floods

    @Test
    @Order(1)
    void eightThousandNamesAskedTwiceWith64KiBOfPaddingEach() throws Exception {
        long t0 = System.nanoTime();
        Outcome o;
        try (Watch watch = new Watch()) {
            o = tcpFlood(8000, i -> padded("padded.test.", i, PADDING), 16, 2, WAIT);
            Outcome second = tcpFlood(8000, i -> padded("padded.test.", i, PADDING), 16, 2, WAIT);
            o = new Outcome(o.answered() + second.answered(), o.closedByServer() + second.closedByServer(),
                    o.unanswered() + second.unanswered());
            figures.add("padded flood: " + o);
            stillServing("8,000 names asked twice over TCP, each with a 65,000-byte padding option", watch, t0);
        }
        assertThat(o.answered()).isEqualTo(16_000);
    }

    /**
     * The same over UDP, where a datagram on loopback can carry 60,000 bytes of padding: the second asking of each
     * name is answered on the receiving thread from the hot-answer table, which once kept every request whole.
     */
    @Test
    @Order(2)
    void eightThousandNamesAskedTwiceOverUdpWith60KBOfPaddingEach() throws Exception {
        long t0 = System.nanoTime();
        InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        Queue<Integer> todo = new ConcurrentLinkedQueue<>();
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < 8000; i++) {
                todo.add(i);
            }
        }
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger unanswered = new AtomicInteger();
        try (Watch watch = new Watch()) {
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int t = 0; t < 8; t++) {
                    pool.submit(() -> {
                        for (Integer i; (i = todo.poll()) != null; ) {
                            byte[] wire = padded("udp-padded.test.", i, 60_000);
                            boolean ok = false;
                            for (int attempt = 0; attempt < 3 && !ok; attempt++) {
                                try {
                                    ok = new Message(DnsClient.udpRaw(server, wire, Duration.ofSeconds(2), null)).getRcode()
                                            == Rcode.NOERROR;
                                } catch (IOException lost) {
                                    // a full socket buffer drops a datagram now and then: ask again
                                }
                            }
                            (ok ? answered : unanswered).incrementAndGet();
                        }
                        return null;
                    });
                }
            }
            figures.add("udp padded flood: answered " + answered + ", not " + unanswered);
            stillServing("8,000 names asked twice over UDP, each with a 60,000-byte padding option", watch, t0);
        }
        assertThat(answered.get()).isGreaterThanOrEqualTo(16_000 * 99 / 100);
        assertThat(metric(metrics(), "camsink_cache_bytes{table=\"hot\"}")).isLessThanOrEqualTo(16 * MIB);
    }

    @Test
    @Order(3)
    void paddedQueriesPileUpBehindASilentUpstream() throws Exception {
        long t0 = System.nanoTime();
        // eight devices, each within its own limits (24 connections, two padded queries outstanding on each), that
        // together offer the server twice what its in-flight budget holds
        List<InetAddress> devices = new ArrayList<>();
        for (int d = 10; d < 18; d++) {
            devices.add(address("127.0.0." + d));
        }
        long shedBefore = metric(metrics(), "camsink_shed_total{transport=\"tcp\"}");
        try (Watch watch = new Watch()) {
            Outcome o = tcpFlood(8 * 24 * 2, i -> padded("slow.test.", i, PADDING), 8 * 24, 2, Duration.ofSeconds(20),
                    devices);
            figures.add("slow upstream flood: " + o);
            assertThat(metric(metrics(), "camsink_shed_total{transport=\"tcp\"}")).isGreaterThan(shedBefore);
            stillServing("384 padded queries on 192 TCP connections from 8 devices to a silent upstream", watch, t0);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> metric(metrics(), "camsink_inflight_bytes") == 0);
    }

    @Test
    @Order(4)
    void fourThousandThreeHundredAnswersOf60KBIntoTheCache() throws Exception {
        long t0 = System.nanoTime();
        try (Watch watch = new Watch()) {
            Outcome o = tcpFlood(4300, i -> DnsClient.query("n" + i + ".big.test.", Type.TXT).toWire(), 8, 4,
                    Duration.ofSeconds(20));
            figures.add("big answers flood: " + o);
            assertThat(o.answered()).isEqualTo(4300);
            String m = metrics();
            assertThat(metric(m, "camsink_cache_bytes{table=\"answers\"}")).isLessThanOrEqualTo(48 * MIB);
            assertThat(metric(m, "camsink_cache_evictions_total")).isPositive();
            stillServing("4,300 distinct TXT answers of 60 KB through the cache", watch, t0);
        }
    }

    @Test
    @Order(5)
    void halfSentAdminRequestsAreCutOffAndNeverHeldThePage() throws Exception {
        // every flood above read /metrics while these two were open; by now the request timeout has closed them
        await().atMost(Duration.ofSeconds(30)).until(() -> halfSent.stream().allMatch(MemoryFloodIT::closedByServer));
        List<Socket> many = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), adminPort);
                s.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
                many.add(s);
            }
            assertThat(metric(metrics(), HEAP_USED)).isPositive();
        } finally {
            for (Socket s : many) {
                s.close();
            }
        }
        figures.add("admin: 2 half-sent requests held through the floods were closed by the server; /metrics answered"
                + " with 40 more half-sent");
    }

    static boolean closedByServer(Socket s) {
        try {
            s.setSoTimeout(200);
            return s.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}

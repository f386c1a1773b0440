package org.camsink.resolver.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.camsink.resolver.net.HostPort;
import org.camsink.resolver.testing.DnsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The pre-opened upstream sockets over real loopback sockets: isolation, deadlines and descriptor hygiene. */
class UdpSocketsTest {
    private UdpSockets sockets;
    private DatagramSocket fake;

    /** One exchange first, so the JDK's own set-up (the poller threads) is done before any test. */
    @BeforeAll
    static void warmUp() throws Exception {
        UdpSocketsTest t = new UdpSocketsTest();
        t.open();
        try {
            t.answeredOnce(t.upstream());
        } finally {
            t.close();
        }
    }

    @BeforeEach
    void open() throws IOException {
        sockets = new UdpSockets(8, Duration.ofMillis(10), Duration.ofMillis(400));
        fake = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void close() {
        sockets.close();
        fake.close();
    }

    private PlainDnsUpstream upstream() {
        return new PlainDnsUpstream(HostPort.parse("127.0.0.1:" + fake.getLocalPort(), 53), sockets);
    }

    /** Receives one query on the fake upstream; returns it with the address it came from. */
    private record Received(Message query, SocketAddress from) {}

    private Received receive() throws IOException {
        byte[] buf = new byte[4096];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        fake.receive(p);
        return new Received(new Message(Arrays.copyOf(buf, p.getLength())), p.getSocketAddress());
    }

    private static void send(DatagramSocket from, Message m, SocketAddress to) throws IOException {
        byte[] w = m.toWire();
        from.send(new DatagramPacket(w, w.length, to));
    }

    @Test
    void aCorrectReplyFromAnotherPortNeverReachesTheQuery() throws Exception {
        Thread server = Thread.ofPlatform().start(() -> {
            try (DatagramSocket spoofer = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                Received r = receive();
                // right ID, right question, right destination port: only the source port is wrong
                send(spoofer, UpstreamTest.reply(r.query(), "192.0.2.66"), r.from());
                Thread.sleep(100);
                send(fake, UpstreamTest.reply(r.query(), "192.0.2.10"), r.from());
            } catch (IOException | InterruptedException e) {
                // the assertion below fails on its own
            }
        });
        Message reply = upstream().exchange(DnsClient.query("plain.test.", Type.A), Duration.ofSeconds(2));
        assertThat(reply.getSection(Section.ANSWER).get(0).rdataToString()).isEqualTo("192.0.2.10");
        server.join(2000);
    }

    /**
     * Forged replies queued on the pooled sockets before any query uses them: more of them than the reader would
     * ever skip. Every query still gets the real answer, because a pooled socket is emptied before its query.
     */
    @Test
    void repliesQueuedBeforeTheQueryAreDiscarded() throws Exception {
        sockets.close();
        sockets = new UdpSockets(8, Duration.ofMillis(10), Duration.ofSeconds(30)); // nothing ages out meanwhile
        PlainDnsUpstream up = upstream();
        answeredOnce(up); // the pool for this upstream now fills
        InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), fake.getLocalPort());
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (sockets.pooled() < 8 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        List<Integer> ports = sockets.readyPorts(target);
        assertThat(ports).hasSize(8);
        Message forged = UpstreamTest.reply(DnsClient.query("plain.test.", Type.A), "192.0.2.66");
        for (int port : ports) {
            for (int id = 0; id < 100; id++) {
                forged.getHeader().setID(id * 641 & 0xFFFF);
                send(fake, forged, new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            }
        }
        Thread.sleep(50); // let the kernel queue them
        for (int i = 0; i < 8; i++) {
            answeredOnce(up);
        }
    }

    @Test
    void aStreamOfMismatchedRepliesNeitherEndsNorStretchesTheWait() throws Exception {
        Thread server = Thread.ofPlatform().start(() -> {
            try {
                Received r = receive();
                Message wrong = UpstreamTest.reply(r.query(), "192.0.2.66");
                wrong.getHeader().setID(r.query().getHeader().getID() ^ 0x5a5a);
                for (int i = 0; i < 40 && !fake.isClosed(); i++) {
                    send(fake, wrong, r.from());
                    Thread.sleep(20);
                }
            } catch (IOException | InterruptedException e) {
                // stops when the test closes the socket
            }
        });
        long start = System.nanoTime();
        assertThatThrownBy(() -> upstream().exchange(DnsClient.query("plain.test.", Type.A), Duration.ofMillis(300)))
                .isInstanceOf(SocketTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(280), Duration.ofMillis(1200));
        server.interrupt();
    }

    @Test
    void concurrentQueriesToASilentUpstreamAllTimeOutOnTime() throws Exception {
        PlainDnsUpstream silent = upstream();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Long>> results = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                results.add(pool.submit(() -> {
                    long start = System.nanoTime();
                    try {
                        silent.exchange(DnsClient.query("plain.test.", Type.A), Duration.ofMillis(250));
                        return -1L;
                    } catch (SocketTimeoutException e) {
                        return (System.nanoTime() - start) / 1_000_000;
                    }
                }));
            }
            for (Future<Long> f : results) {
                assertThat(f.get()).isBetween(230L, 1200L);
            }
        }
    }

    @Test
    void everyQueryUsesASocketOfItsOwnOnARandomPort() throws Exception {
        int n = 40;
        List<Integer> ports = new ArrayList<>();
        Thread server = Thread.ofPlatform().start(() -> {
            try {
                for (int i = 0; i < n; i++) {
                    Received r = receive();
                    ports.add(((InetSocketAddress) r.from()).getPort());
                    send(fake, UpstreamTest.reply(r.query(), "192.0.2.10"), r.from());
                }
            } catch (IOException e) {
                // the assertions below fail on their own
            }
        });
        PlainDnsUpstream up = upstream();
        for (int i = 0; i < n; i++) {
            up.exchange(DnsClient.query("plain.test.", Type.A), Duration.ofSeconds(2));
        }
        server.join(2000);
        assertThat(ports).hasSize(n);
        // ports of closed sockets may come back by chance, but never as a habit
        assertThat(new HashSet<>(ports)).hasSizeGreaterThan(n - 3);
        int sequential = 0;
        for (int i = 1; i < n; i++) {
            if (Math.abs(ports.get(i) - ports.get(i - 1)) == 1) {
                sequential++;
            }
        }
        assertThat(sequential).as("ports picked in sequence: %s", ports).isLessThan(n / 4);
    }

    @Test
    void usedAndPooledSocketsAreClosedAndNothingLeaks() throws Exception {
        Thread server = Thread.ofPlatform().daemon().start(() -> {
            try {
                while (!fake.isClosed()) {
                    Received r = receive();
                    send(fake, UpstreamTest.reply(r.query(), "192.0.2.10"), r.from());
                }
            } catch (IOException e) {
                // closed at the end of the test
            }
        });
        long before = openDescriptors();
        assertThat(before).isZero();
        PlainDnsUpstream up = upstream();
        for (int i = 0; i < 300; i++) {
            up.exchange(DnsClient.query("plain.test.", Type.A), Duration.ofSeconds(2));
        }
        // used sockets are closed within a tick or two; what stays open is the pool
        long settle = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (openDescriptors() > 8 && System.nanoTime() < settle) {
            Thread.sleep(10);
        }
        assertThat(openDescriptors()).as("the pool only").isLessThanOrEqualTo(8);
        // unused for maxAge: the pool is dropped and every socket closed
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while ((sockets.pooled() > 0 || openDescriptors() > before) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(sockets.pooled()).isZero();
        assertThat(openDescriptors()).isLessThanOrEqualTo(before);
        fake.close();
        server.join(2000);
    }

    @Test
    void discardingAPoolClosesItsReadySocketsAndTheNextQueryStillGetsOne() throws Exception {
        long before = openDescriptors();
        InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), fake.getLocalPort());
        sockets.finish(sockets.watch(sockets.take(target), 1_000_000_000L, System.nanoTime() + 1_000_000_000L));
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (sockets.pooled() < 8 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(sockets.pooled()).isEqualTo(8);
        assertThat(sockets.discard(target)).isBetween(1, 8);
        var channel = sockets.take(target);
        assertThat(channel.isOpen()).isTrue();
        assertThat(channel.getRemoteAddress()).isEqualTo(target);
        channel.close();
        sockets.close();
        assertThat(openDescriptors()).isLessThanOrEqualTo(before);
    }

    @Test
    void closingStopsEverythingAndRefusesNewQueries() throws Exception {
        long before = openDescriptors();
        PlainDnsUpstream up = upstream();
        answeredOnce(up);
        Thread.sleep(100);
        assertThat(sockets.pooled()).isPositive();
        sockets.close();
        assertThat(sockets.pooled()).isZero();
        assertThat(openDescriptors()).isLessThanOrEqualTo(before);
        assertThatThrownBy(() -> up.exchange(DnsClient.query("plain.test.", Type.A), Duration.ofSeconds(1)))
                .isInstanceOf(IOException.class);
    }

    /** One query through {@code up}, answered by the fake upstream. */
    private void answeredOnce(PlainDnsUpstream up) throws Exception {
        Thread server = Thread.ofPlatform().start(() -> {
            try {
                Received r = receive();
                send(fake, UpstreamTest.reply(r.query(), "192.0.2.10"), r.from());
            } catch (IOException e) {
                // the exchange below fails on its own
            }
        });
        Message reply = up.exchange(DnsClient.query("plain.test.", Type.A), Duration.ofSeconds(2));
        assertThat(reply.getSection(Section.ANSWER).get(0).rdataToString()).isEqualTo("192.0.2.10");
        server.join(2000);
    }

    /**
     * UDP sockets of this process connected to the fake upstream: /proc/net/udp entries whose remote port is
     * the fake's, whose inode is one of our descriptors. Other tests' sockets (the shared pools) do not count.
     */
    private long openDescriptors() throws IOException {
        Set<String> ours = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String link = Files.readSymbolicLink(fd).toString();
                    if (link.startsWith("socket:[")) {
                        ours.add(link.substring(8, link.length() - 1));
                    }
                } catch (IOException e) {
                    // closed while we looked
                }
            }
        }
        String port = String.format(":%04X", fake.getLocalPort());
        long n = 0;
        for (String table : List.of("/proc/net/udp", "/proc/net/udp6")) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            for (String line : Files.readAllLines(path)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[2].endsWith(port) && ours.contains(f[9])) {
                    n++;
                }
            }
        }
        return n;
    }
}

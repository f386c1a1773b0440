package org.camsink.resolver.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.camsink.resolver.testing.DnsClient;
import org.camsink.resolver.testing.Fixtures;
import org.camsink.resolver.testing.ScriptedUpstream;
import org.camsink.resolver.testing.TestResolver;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A packet storm over real sockets against a real resolver (with a block list, the cache and a scripted upstream
 * that answers every name): random bytes, mutated valid queries, truncated and oversized messages, compression
 * loops and bad OPT records, over UDP and over TCP (pipelined frames on many connections, frames that lie about
 * their length, connections cut mid-frame). Afterwards the resolver must still answer normal queries over both
 * transports, at once and in a burst (no worker is stuck), no query may have ended in an internal error, and no
 * thread may be left over.
 *
 * <p>{@code ./mvnw verify} sends {@value #DEFAULT_PACKETS} packets. The long run is
 * {@code ./mvnw -B -pl resolver -am test -Dtest=PacketStormTest -Dcamsink.storm.packets=1000000
 * -Dsurefire.failIfNoSpecifiedTests=false}; the figures (packets, time, replies, heap) are printed to the test's
 * output ({@code resolver/target/surefire-reports/org.camsink.resolver.server.PacketStormTest-output.txt}).
 */
class PacketStormTest {
    static final int DEFAULT_PACKETS = 40_000;
    /** One in this many packets goes over TCP. */
    private static final int TCP_SHARE = 4;
    /** Threads sending over TCP, each opening one connection after another. */
    private static final int TCP_SENDERS = 4;

    @Test
    void aStormOfBadPacketsLeavesTheResolverAnswering() throws Exception {
        int packets = Integer.getInteger("camsink.storm.packets", DEFAULT_PACKETS);
        Path dir = Files.createTempDirectory("camsink-storm");
        Files.writeString(dir.resolve("vendor.txt"), "cloud.trassir.com\n");
        AtomicLong internalErrors = new AtomicLong();
        try (ScriptedUpstream up = ScriptedUpstream.start(PacketStormTest::answerEverything);
             TestResolver r = TestResolver.start("upstreams: [\"" + up.hostPort() + "\"]\n"
                     + "upstream: { timeout: 300ms, attempts: 1 }\n"
                     + "lists: [ { source: " + dir.resolve("vendor.txt") + ", id: trassir } ]\n")) {
            r.resolver().addListener((q, res, t) -> {
                if ("internal error".equals(res.reason())) {
                    internalErrors.incrementAndGet();
                }
            });
            assertAnswers(r);
            int threadsBefore = Thread.activeCount();
            long heapBefore = usedHeap();
            Storm storm = new Storm(r.udpAddress(), r.tcpAddress(), new SplittableRandom(0xCA75));
            long start = System.nanoTime();
            storm.run(packets);
            double seconds = (System.nanoTime() - start) / 1e9;

            assertAnswers(r);
            assertBurstAnswered(r, 200);
            assertThat(internalErrors).as("queries that ended in an internal error").hasValue(0);
            long heapAfter = usedHeap();
            System.out.printf("packet storm: %d packets (%d UDP in %.1f s, %d TCP frames on %d connections) in %.1f s, "
                            + "%d UDP replies, %d TCP reads; heap used after GC %d MiB before, %d MiB after; "
                            + "threads %d before, %d after%n",
                    storm.udpSent + storm.tcpSent.get(), storm.udpSent, storm.udpSeconds, storm.tcpSent.get(),
                    storm.connections.get(), seconds,
                    storm.udpReplies.get(), storm.tcpReplies.get(), heapBefore >> 20, heapAfter >> 20,
                    threadsBefore, Thread.activeCount());
            assertThat(storm.udpSent + storm.tcpSent.get()).isGreaterThanOrEqualTo(packets);
            assertThat(storm.udpReplies.get()).as("the resolver answered during the storm").isPositive();
        } finally {
            Fixtures.folder(dir).close();
        }
    }

    static Message answerEverything(Message q) {
        Message m = new Message();
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setFlag(Flags.RA);
        m.addRecord(q.getQuestion(), Section.QUESTION);
        if (q.getQuestion().getType() == Type.A) {
            try {
                m.addRecord(new ARecord(q.getQuestion().getName(), DClass.IN, 300, InetAddress.getByName("192.0.2.1")),
                        Section.ANSWER);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return m;
    }

    private static void assertAnswers(TestResolver r) throws IOException {
        Message udp = r.udp(DnsClient.query("normal.test.", Type.A));
        assertThat(udp.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(udp.getSection(Section.ANSWER)).hasSize(1);
        Message tcp = r.tcp(DnsClient.query("normal.test.", Type.A));
        assertThat(tcp.getSection(Section.ANSWER)).hasSize(1);
        assertThat(r.udp(DnsClient.query("x.cloud.trassir.com.", Type.A)).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    /** {@code n} different questions at once from {@code n} sockets: every one is answered. */
    private static void assertBurstAnswered(TestResolver r, int n) throws Exception {
        List<DatagramSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                s.setSoTimeout((int) TestResolver.TIMEOUT.toMillis());
                sockets.add(s);
                byte[] q = DnsClient.query("burst" + i + ".test.", Type.A).toWire();
                s.send(new DatagramPacket(q, q.length, r.udpAddress()));
            }
            for (DatagramSocket s : sockets) {
                DatagramPacket p = new DatagramPacket(new byte[1232], 1232);
                s.receive(p);
                assertThat(p.getLength()).isGreaterThan(12);
            }
        } finally {
            sockets.forEach(DatagramSocket::close);
        }
    }

    private static long usedHeap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Makes the storm's packets and sends them. */
    static final class Storm {
        private final InetSocketAddress udp;
        private final InetSocketAddress tcp;
        private final SplittableRandom seed;
        private final List<byte[]> valid = new ArrayList<>();
        final AtomicLong udpReplies = new AtomicLong();
        final AtomicLong tcpReplies = new AtomicLong();
        final AtomicLong tcpSent = new AtomicLong();
        final AtomicLong connections = new AtomicLong();
        long udpSent;
        double udpSeconds;
        double tcpSeconds;

        Storm(InetSocketAddress udp, InetSocketAddress tcp, SplittableRandom random) {
            this.udp = udp;
            this.tcp = tcp;
            this.seed = random;
            for (String name : new String[] {"a.test.", "www.example.test.", "x.cloud.trassir.com.", "Mixed.CASE.test."}) {
                for (int type : new int[] {Type.A, Type.AAAA, Type.TXT, Type.ANY}) {
                    Message plain = DnsClient.query(name, type);
                    valid.add(plain.toWire());
                    Message edns = DnsClient.query(name, type);
                    edns.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO,
                            List.of(new CookieOption(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))), Section.ADDITIONAL);
                    valid.add(edns.toWire());
                }
            }
        }

        void run(int packets) throws Exception {
            int tcpPackets = packets / TCP_SHARE;
            List<Thread> tcpSenders = new ArrayList<>();
            for (int i = 0; i < TCP_SENDERS; i++) {
                Maker maker = new Maker(seed.split(), valid);
                int share = tcpPackets / TCP_SENDERS + (i < tcpPackets % TCP_SENDERS ? 1 : 0);
                tcpSenders.add(Thread.ofPlatform().name("storm tcp " + i).start(() -> {
                    try {
                        sendTcp(maker, share);
                    } catch (IOException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            long start = System.nanoTime();
            sendUdp(new Maker(seed.split(), valid), packets - tcpPackets);
            udpSeconds = (System.nanoTime() - start) / 1e9;
            for (Thread t : tcpSenders) {
                t.join(Duration.ofMinutes(30));
                assertThat(t.isAlive()).as("the TCP sender finished").isFalse();
            }
            tcpSeconds = (System.nanoTime() - start) / 1e9;
        }

        private void sendUdp(Maker maker, int count) throws IOException, InterruptedException {
            List<DatagramSocket> sockets = new ArrayList<>();
            List<Thread> readers = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                    s.setSendBufferSize(1 << 20);
                    sockets.add(s);
                    readers.add(Thread.ofVirtual().start(() -> drain(s)));
                }
                for (int i = 0; i < count; i++) {
                    byte[] p = maker.packet(65507);
                    sockets.get(i & 7).send(new DatagramPacket(p, p.length, udp));
                    udpSent++;
                    if ((i & 255) == 255) {
                        Thread.sleep(2); // a storm, not a socket-buffer overflow: let the readers keep up
                    }
                }
                Thread.sleep(500); // the last answers
            } finally {
                sockets.forEach(DatagramSocket::close);
                for (Thread t : readers) {
                    t.join(5000);
                }
            }
        }

        private void drain(DatagramSocket s) {
            byte[] buf = new byte[65535];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                while (true) {
                    s.receive(p);
                    udpReplies.incrementAndGet();
                }
            } catch (IOException closed) {
                // the storm is over
            }
        }

        /** Connections of up to 64 frames each; some frames lie about their length, some connections are cut. */
        private void sendTcp(Maker maker, int count) throws IOException, InterruptedException {
            int sent = 0;
            while (sent < count) {
                connections.incrementAndGet();
                try (Socket s = new Socket()) {
                    s.connect(tcp, 3000);
                    s.setSoTimeout(3000);
                    Thread reader = Thread.ofVirtual().start(() -> drainTcp(s));
                    OutputStream out = s.getOutputStream();
                    SplittableRandom random = maker.random;
                    int frames = 1 + random.nextInt(64);
                    for (int i = 0; i < frames && sent < count; i++, sent++) {
                        byte[] p = maker.packet(65535);
                        int kind = random.nextInt(100);
                        int claimed = kind < 2 ? p.length + 1 + random.nextInt(100) : p.length;
                        out.write(new byte[] {(byte) (claimed >>> 8), (byte) claimed});
                        out.write(p, 0, kind >= 2 && kind < 4 ? random.nextInt(p.length + 1) : p.length);
                        tcpSent.incrementAndGet();
                        if (kind < 4) {
                            break; // a frame that lies about its length or is cut short: hang up
                        }
                    }
                    out.flush();
                    s.shutdownOutput();
                    reader.join(5000);
                } catch (IOException e) {
                    // the server closed a connection it did not like: that is its right
                }
            }
        }

        private void drainTcp(Socket s) {
            try (InputStream in = s.getInputStream()) {
                byte[] buf = new byte[4096];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (n > 0) {
                        tcpReplies.incrementAndGet();
                    }
                }
            } catch (IOException closed) {
                // reset or timed out: the connection is over either way
            }
        }

        /** Makes the storm's packets from its own random source; one per sending thread. */
        static final class Maker {
            private final SplittableRandom random;
            private final List<byte[]> valid;

            Maker(SplittableRandom random, List<byte[]> valid) {
                this.random = random;
                this.valid = valid;
            }

            /** One packet of the storm, at most {@code max} bytes. */
            byte[] packet(int max) {
                byte[] base = valid.get(random.nextInt(valid.size())).clone();
                return switch (random.nextInt(8)) {
                    case 0 -> randomBytes(random.nextInt(100) < 99 ? random.nextInt(600) : random.nextInt(max));
                    case 1, 2 -> mutate(base);
                    case 3 -> java.util.Arrays.copyOf(base, random.nextInt(base.length));
                    case 4 -> oversized(base, max);
                    case 5 -> compressionLoop(base);
                    case 6 -> badOpt(base);
                    default -> base;
                };
            }

            private byte[] randomBytes(int n) {
                byte[] b = new byte[n];
                random.nextBytes(b);
                if (n > 2 && random.nextBoolean()) {
                    b[2] &= 0x7F; // often a query, so it gets past the first check
                }
                return b;
            }

            private byte[] mutate(byte[] b) {
                int edits = 1 + random.nextInt(6);
                for (int i = 0; i < edits; i++) {
                    int at = random.nextInt(b.length);
                    switch (random.nextInt(3)) {
                        case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
                        case 1 -> b[at] = (byte) random.nextInt(256);
                        default -> b[at] = (byte) (random.nextBoolean() ? 0xC0 : 0x3F);
                    }
                }
                b[2] &= 0x7F;
                return b;
            }

            /** A valid query with a large tail of junk: mostly up to 4 KB, one in a hundred up to {@code max}. */
            private byte[] oversized(byte[] base, int max) {
                int room = random.nextInt(100) == 0 ? max - base.length : 4096;
                byte[] tail = new byte[1 + random.nextInt(room)];
                random.nextBytes(tail);
                byte[] b = java.util.Arrays.copyOf(base, base.length + tail.length);
                System.arraycopy(tail, 0, b, base.length, tail.length);
                return b;
            }

            /** The question name, or the OPT owner, points at itself or at a pointer that points back. */
            private byte[] compressionLoop(byte[] base) {
                byte[] b = base.clone();
                if (random.nextBoolean()) {
                    b[12] = (byte) 0xC0;
                    b[13] = 12;
                } else {
                    int second = 12 + 2 + random.nextInt(Math.max(1, b.length - 16));
                    b[12] = (byte) (0xC0 | second >>> 8);
                    b[13] = (byte) second;
                    b[second] = (byte) 0xC0;
                    b[second + 1] = 12;
                }
                return b;
            }

            /** An OPT record with a wrong length, an option running past its end, a second OPT, or a version. */
            private byte[] badOpt(byte[] base) {
                Message m;
                try {
                    m = new Message(base);
                } catch (IOException e) {
                    return base;
                }
                m.removeAllRecords(Section.ADDITIONAL);
                byte[] head = m.toWire();
                head[11] = (byte) (1 + random.nextInt(2));
                int options = random.nextInt(3);
                byte[] opt = new byte[11 + options * 8];
                opt[0] = 0;
                opt[2] = 41;
                opt[3] = (byte) random.nextInt(256);
                opt[4] = (byte) random.nextInt(256);
                opt[6] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : 0); // version
                int rdlength = options * 8 + (random.nextInt(3) - 1) * random.nextInt(20);
                opt[9] = (byte) (rdlength >>> 8);
                opt[10] = (byte) rdlength;
                for (int i = 0; i < options; i++) {
                    int at = 11 + i * 8;
                    int code = new int[] {3, 8, 10, 12, 15, 65001}[random.nextInt(6)];
                    opt[at] = (byte) (code >>> 8);
                    opt[at + 1] = (byte) code;
                    int len = random.nextInt(5) == 0 ? random.nextInt(65536) : 4;
                    opt[at + 2] = (byte) (len >>> 8);
                    opt[at + 3] = (byte) len;
                }
                byte[] out = java.util.Arrays.copyOf(head, head.length + opt.length * (head[11] & 0xFF));
                for (int i = 0; i < (head[11] & 0xFF); i++) {
                    System.arraycopy(opt, 0, out, head.length + i * opt.length, opt.length);
                }
                return out;
            }
        }
    }
}

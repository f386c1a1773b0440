package org.camsink.resolver.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.camsink.resolver.config.Config;
import org.camsink.resolver.net.HostPort;
import org.camsink.resolver.testing.DnsClient;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The UDP hand-off over a real server socket: light traffic runs on the few platform workers, a burst that
 * keeps them all busy spills over to virtual threads, and every query is answered either way.
 */
class UdpWorkersTest {
    private static final Duration WAIT = Duration.ofSeconds(3);

    /** Answers NOERROR, noting which kind of thread ran it; blocks while {@code gate} is closed. */
    private static final class Recording implements PacketHandler {
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();
        final Set<Boolean> virtual = ConcurrentHashMap.newKeySet();
        volatile CountDownLatch gate = new CountDownLatch(0);

        @Override
        public Reply handle(byte[] packet, java.net.InetAddress client, org.camsink.resolver.pipeline.Transport t) {
            Thread me = Thread.currentThread();
            virtual.add(me.isVirtual());
            if (!me.isVirtual()) {
                threads.add(me);
            }
            try {
                gate.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] reply = packet.clone();
            reply[2] = (byte) (reply[2] | 0x80);
            reply[3] = (byte) 0x80;
            return Reply.of(reply);
        }

        void reset() {
            threads.clear();
            virtual.clear();
        }
    }

    private static DnsServer start(PacketHandler handler) throws Exception {
        return DnsServer.start(List.of(HostPort.parse("127.0.0.1:0", 53)),
                new Config.Server(Duration.ofSeconds(5), 10, 1232), handler);
    }

    private static void ask(InetSocketAddress server, String name) throws Exception {
        Message reply = DnsClient.udp(server, DnsClient.query(name, Type.A), WAIT);
        assertThat(reply.getHeader().getFlag(Flags.QR)).isTrue();
        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(reply.getQuestion().getName().toString()).isEqualTo(name);
    }

    @Test
    void lightTrafficRunsOnTheFewPlatformWorkers() throws Exception {
        Recording handler = new Recording();
        try (DnsServer server = start(handler)) {
            InetSocketAddress address = server.udpAddresses().get(0);
            for (int i = 0; i < 30; i++) {
                ask(address, "q" + i + ".test.");
            }
            assertThat(handler.virtual).containsExactly(false);
            assertThat(handler.threads).isNotEmpty().hasSizeLessThanOrEqualTo(DnsServer.UDP_PLATFORM_WORKERS)
                    .allSatisfy(t -> assertThat(t.getName()).startsWith("udp worker "));
        }
    }

    @Test
    void aBurstThatKeepsEveryWorkerBusySpillsOverToVirtualThreadsAndComesBack() throws Exception {
        Recording handler = new Recording();
        try (DnsServer server = start(handler); ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            InetSocketAddress address = server.udpAddresses().get(0);
            handler.gate = new CountDownLatch(1);
            int burst = DnsServer.UDP_PLATFORM_WORKERS + 6;
            List<Future<?>> answers = new ArrayList<>();
            for (int i = 0; i < burst; i++) {
                String name = "burst" + i + ".test.";
                answers.add(clients.submit(() -> {
                    ask(address, name);
                    return null;
                }));
            }
            // every query of the burst is in a handler before any is let go
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (handler.virtual.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            handler.gate.countDown();
            for (Future<?> f : answers) {
                f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
            assertThat(handler.virtual).containsExactlyInAnyOrder(true, false);
            assertThat(handler.threads).hasSizeLessThanOrEqualTo(DnsServer.UDP_PLATFORM_WORKERS);

            // once the burst is over, queries go back to the platform workers
            Thread.sleep(50);
            handler.reset();
            for (int i = 0; i < 10; i++) {
                ask(address, "after" + i + ".test.");
            }
            assertThat(handler.virtual).containsExactly(false);
        }
    }

    @Test
    void closingTheServerStopsThePlatformWorkers() throws Exception {
        Recording handler = new Recording();
        Set<Thread> workers;
        try (DnsServer server = start(handler)) {
            ask(server.udpAddresses().get(0), "one.test.");
            workers = Set.copyOf(handler.threads);
        }
        assertThat(workers).isNotEmpty();
        for (Thread t : workers) {
            t.join(WAIT.toMillis());
            assertThat(t.isAlive()).as(t.getName()).isFalse();
        }
    }
}

package org.camsink.resolver.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.camsink.resolver.config.Config;
import org.camsink.resolver.net.HostPort;
import org.camsink.resolver.pipeline.Transport;
import org.camsink.resolver.testing.DnsClient;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The in-flight byte budget over real sockets: while slow queries hold it, UDP datagrams beyond it are dropped and a
 * TCP connection whose message does not fit is closed, both counted; once the queries finish, the budget is whole
 * again and the server answers as before.
 */
class InFlightBudgetTest {
    static final long BUDGET = 64 * 1024;
    static final Duration WAIT = Duration.ofSeconds(20);

    /** Answers every query with an empty NOERROR once {@link #gate} opens. */
    static final class Slow implements PacketHandler {
        volatile CountDownLatch gate = new CountDownLatch(0);
        final AtomicInteger waiting = new AtomicInteger();

        @Override
        public Reply handle(byte[] packet, java.net.InetAddress client, Transport transport) {
            waiting.incrementAndGet();
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                waiting.decrementAndGet();
            }
            return Reply.of(QueryService.headerOnly(packet, Rcode.NOERROR));
        }
    }

    @Test
    void largeMessagesLeaveTheLastQuarterToOrdinaryQueries() {
        InFlightBudget b = new InFlightBudget(100_000);
        assertThat(b.tryAcquire(60_000, Transport.TCP)).isTrue();
        assertThat(b.tryAcquire(10_000, Transport.TCP)).isTrue();
        assertThat(b.tryAcquire(1_000, Transport.TCP)).as("a third large one passes three quarters").isFalse();
        assertThat(b.tryAcquire(100, Transport.UDP)).as("an ordinary query still fits").isTrue();
        assertThat(b.shed(Transport.TCP)).isEqualTo(1);
        assertThat(b.shed(Transport.UDP)).isZero();
        b.release(60_000);
        b.release(10_000);
        b.release(100);
        assertThat(b.usedBytes()).isZero();
    }

    @Test
    void queriesBeyondTheBudgetAreShedAndServingResumes() throws Exception {
        Slow handler = new Slow();
        handler.gate = new CountDownLatch(1);
        Config.Server settings = new Config.Server(Duration.ofSeconds(5), 10, 1232, 1, BUDGET);
        try (DnsServer server = DnsServer.start(List.of(HostPort.parse("127.0.0.1:0", 53)), settings, handler);
             DatagramSocket client = new DatagramSocket()) {
            InFlightBudget budget = server.budget();
            InetSocketAddress udp = server.udpAddresses().get(0);
            byte[] query = DnsClient.query("slow.test.", Type.A).toWire();
            int fits = (int) (BUDGET / (query.length + InFlightBudget.QUERY_OVERHEAD));
            for (int i = 0; i < fits + 40; i++) {
                client.send(new DatagramPacket(query, query.length, udp));
            }
            await().atMost(WAIT).until(() -> handler.waiting.get() + budget.shed(Transport.UDP) >= fits + 40);
            assertThat(handler.waiting.get()).isEqualTo(fits);
            assertThat(budget.shed(Transport.UDP)).isEqualTo(40);
            assertThat(budget.usedBytes()).isLessThanOrEqualTo(BUDGET);

            // a TCP message that does not fit: the connection is closed before the message is read
            try (DnsClient.Connection tcp = DnsClient.connect(server.tcpAddresses().get(0), WAIT)) {
                tcp.send(new byte[40_000]);
                assertThat(tcp.closedByServer(WAIT)).isTrue();
            }
            assertThat(budget.shed(Transport.TCP)).isEqualTo(1);

            handler.gate.countDown();
            await().atMost(WAIT).until(() -> budget.usedBytes() == 0);
            Message after = DnsClient.tcp(server.tcpAddresses().get(0), DnsClient.query("after.test.", Type.A), WAIT);
            assertThat(after.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(DnsClient.udp(udp, DnsClient.query("after.test.", Type.A), WAIT).getRcode())
                    .isEqualTo(Rcode.NOERROR);
            await().atMost(WAIT).until(() -> budget.usedBytes() == 0);
        }
    }
}

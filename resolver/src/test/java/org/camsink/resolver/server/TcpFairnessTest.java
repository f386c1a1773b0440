package org.camsink.resolver.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.camsink.resolver.testing.DnsClient;
import org.camsink.resolver.testing.Fixtures;
import org.camsink.resolver.testing.TestResolver;
import org.camsink.resolver.testing.UnboundUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The TCP limits against one hostile client, over real connections: 127.0.0.2 plays the camera, 127.0.0.3 the
 * household's other devices.
 */
class TcpFairnessTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    /** A 12-byte DNS header with QR set: what the camera sends to hold its connections. */
    static final byte[] RESPONSE = {0x12, 0x34, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    static UnboundUpstream unbound;
    static InetAddress camera;
    static InetAddress phone;

    @BeforeAll
    static void start() throws Exception {
        unbound = UnboundUpstream.start(List.of("plain.test. 300 IN A 192.0.2.10"), List.of());
        camera = InetAddress.getByName("127.0.0.2");
        phone = InetAddress.getByName("127.0.0.3");
    }

    @AfterAll
    static void stop() throws Exception {
        Fixtures.closeAll(unbound);
    }

    static String upstream() {
        return "upstreams: [\"" + unbound.hostPort() + "\"]\n";
    }

    static void answered(TestResolver r, InetAddress source) throws Exception {
        Message m = DnsClient.tcp(r.tcpAddress(), DnsClient.query("plain.test.", Type.A), TestResolver.TIMEOUT, source);
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(m.getSection(1)).hasSize(1);
    }

    @Test
    void sixHundredConnectionsFromOneClientDoNotStopAnotherClientsTcpQueries() throws Exception {
        try (TestResolver r = TestResolver.start(upstream() + "server: { tcpIdleTimeout: 60s }\n")) {
            List<DnsClient.Connection> held = new ArrayList<>();
            try {
                for (int i = 0; i < 600; i++) {
                    DnsClient.Connection c = DnsClient.connect(r.tcpAddress(), TestResolver.TIMEOUT, camera);
                    held.add(c);
                    if (i % 2 == 0) {
                        c.send(RESPONSE);
                    }
                }
                TcpCounters counters = r.resolver().tcpCounters();
                await().atMost(WAIT).until(() -> counters.overClientCap() + counters.responseReceived() >= 600 - 32);
                assertThat(r.resolver().openTcpConnections()).as("the camera holds its share of the slots only").isLessThanOrEqualTo(32);
                assertThat(counters.overClientCap()).isGreaterThan(0);
                assertThat(counters.responseReceived()).isGreaterThan(0);
                for (int i = 0; i < 20; i++) {
                    answered(r, phone);
                }
                assertThat(counters.overTotalCap()).isZero();
            } finally {
                for (DnsClient.Connection c : held) {
                    c.close();
                }
            }
        }
    }

    @Test
    void aResponseMessageClosesTheConnection() throws Exception {
        try (TestResolver r = TestResolver.start(upstream() + "server: { tcpIdleTimeout: 60s }\n");
             DnsClient.Connection c = DnsClient.connect(r.tcpAddress(), TestResolver.TIMEOUT, camera)) {
            c.send(DnsClient.query("plain.test.", Type.A).toWire());
            assertThat(new Message(c.receive()).getRcode()).isEqualTo(Rcode.NOERROR);
            c.send(RESPONSE);
            assertThat(c.closedByServer(WAIT)).isTrue();
            assertThat(r.resolver().tcpCounters().responseReceived()).isEqualTo(1);
        }
    }

    @Test
    void theAclIsAppliedAtAcceptBeforeAnythingIsRead() throws Exception {
        try (TestResolver r = TestResolver.start(upstream()
                + "clients: { allow: [\"127.0.0.0/8\"], deny: [\"127.0.0.2/32\"] }\n"
                + "server: { tcpIdleTimeout: 60s }\n");
             DnsClient.Connection c = DnsClient.connect(r.tcpAddress(), TestResolver.TIMEOUT, camera)) {
            assertThat(c.closedByServer(WAIT)).as("closed without a byte sent").isTrue();
            assertThat(r.resolver().tcpCounters().deniedAtAccept()).isEqualTo(1);
            answered(r, phone);
        }
    }

    @Test
    void aBusyConnectionStillEndsAtItsLifetime() throws Exception {
        try (TestResolver r = TestResolver.start(upstream() + "server: { tcpIdleTimeout: 60s, tcpMaxLifetime: 1s }\n");
             DnsClient.Connection c = DnsClient.connect(r.tcpAddress(), TestResolver.TIMEOUT, camera)) {
            int answers = 0;
            long until = System.nanoTime() + WAIT.toNanos();
            boolean closed = false;
            while (!closed && System.nanoTime() < until) {
                try {
                    c.send(DnsClient.query("plain.test.", Type.A).toWire());
                    c.receive();
                    answers++;
                } catch (java.io.IOException e) {
                    closed = true;
                }
                closed = closed || c.closedByServer(Duration.ofMillis(50));
            }
            assertThat(closed).isTrue();
            assertThat(answers).isPositive();
            assertThat(r.resolver().tcpCounters().lifetime()).isEqualTo(1);
        }
    }

    @Test
    void aQueryOverTheConnectionsByteBudgetClosesIt() throws Exception {
        try (TestResolver r = TestResolver.start(upstream() + "server: { tcpIdleTimeout: 60s, tcpConnectionBytes: 512 }\n");
             DnsClient.Connection c = DnsClient.connect(r.tcpAddress(), TestResolver.TIMEOUT, camera)) {
            byte[] big = new byte[600];
            System.arraycopy(DnsClient.query("plain.test.", Type.A).toWire(), 0, big, 0, 12);
            c.send(big);
            assertThat(c.closedByServer(WAIT)).isTrue();
            assertThat(r.resolver().tcpCounters().overByteBudget()).isEqualTo(1);
            answered(r, camera); // a query within the budget on a new connection is answered
        }
    }
}

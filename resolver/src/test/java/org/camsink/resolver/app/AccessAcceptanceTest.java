package org.camsink.resolver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
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
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** clients.allow/deny and the rate limit over real sockets, using other 127.x addresses as client sources. */
class AccessAcceptanceTest {
    static UnboundUpstream unbound;
    static TestResolver resolver;

    @BeforeAll
    static void start() throws Exception {
        unbound = UnboundUpstream.start(List.of("plain.test. 300 IN A 192.0.2.10"), List.of());
        resolver = TestResolver.start("upstreams: [\"" + unbound.hostPort() + "\"]\n"
                + "clients:\n  allow: [\"127.0.0.0/8\"]\n  deny: [\"127.0.0.3/32\"]\n"
                + "  rateLimit: { qps: 1, burst: 1 }\n");
    }

    @AfterAll
    static void stop() throws Exception {
        Fixtures.closeAll(resolver, unbound);
    }

    @Test
    void aDeniedSourceGetsRefusedOverUdpAndIsClosedAtAcceptOverTcp() throws Exception {
        InetAddress denied = InetAddress.getByName("127.0.0.3");
        Message q = DnsClient.query("plain.test.", Type.A);
        Message udp = DnsClient.udp(resolver.udpAddress(), q, TestResolver.TIMEOUT, denied);
        assertThat(udp.getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(udp.getHeader().getID()).isEqualTo(q.getHeader().getID());
        assertThat(udp.getSection(Section.ANSWER)).isEmpty();
        try (DnsClient.Connection tcp = DnsClient.connect(resolver.tcpAddress(), TestResolver.TIMEOUT, denied)) {
            assertThat(tcp.closedByServer(TestResolver.TIMEOUT)).as("TCP: closed at accept").isTrue();
        }
    }

    @Test
    void aSourceOutsideClientsAllowGetsRefused() throws Exception {
        try (TestResolver narrow = TestResolver.start("upstreams: [\"" + unbound.hostPort() + "\"]\n"
                + "clients: { allow: [\"127.0.0.1/32\"] }\n")) {
            Message q = DnsClient.query("plain.test.", Type.A);
            assertThat(DnsClient.udp(narrow.udpAddress(), q, TestResolver.TIMEOUT, InetAddress.getByName("127.0.0.2"))
                    .getRcode()).isEqualTo(Rcode.REFUSED);
            assertThat(narrow.udp(q).getRcode()).isEqualTo(Rcode.NOERROR);
        }
    }

    @Test
    void loopbackClientsAreNeverRateLimitedEvenAtOneQueryPerSecond() throws Exception {
        for (int i = 0; i < 40; i++) {
            InetAddress source = InetAddress.getByName(i % 2 == 0 ? "127.0.0.1" : "127.0.0.2");
            Message r = DnsClient.udp(resolver.udpAddress(), DnsClient.query("plain.test.", Type.A),
                    TestResolver.TIMEOUT, source);
            assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
        }
    }
}

package org.camsink.resolver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.camsink.resolver.testing.DnsClient;
import org.camsink.resolver.testing.Fixtures;
import org.camsink.resolver.testing.TestResolver;
import org.camsink.resolver.testing.UdpFlood;
import org.camsink.resolver.testing.UnboundUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Per-client rate limits over real sockets. 127.0.0.2 and 127.0.0.3 are two clients of one /24 (127.0.0.0/24),
 * which is what a camera and a phone on a home LAN are. The limiter's clock is held still, so a bucket never
 * refills during a test and every count is exact however slow the machine is.
 */
class FairnessAcceptanceTest {
    static UnboundUpstream unbound;
    final AtomicLong clock = new AtomicLong(1_000_000_000L);

    @BeforeAll
    static void start() throws Exception {
        unbound = UnboundUpstream.start(List.of("plain.test. 300 IN A 192.0.2.10"), List.of());
    }

    @AfterAll
    static void stop() throws Exception {
        Fixtures.closeAll(unbound);
    }

    String upstream() {
        return "upstreams: [\"" + unbound.hostPort() + "\"]\n";
    }

    @Test
    void aFloodingClientIsLimitedWhileItsNeighbourInTheSameSlash24KeepsFullService() throws Exception {
        try (TestResolver r = TestResolver.start(upstream()
                + "clients:\n  rateLimit: { qps: 1, burst: 100, exempt: [] }\n  rrl: { enabled: false }\n", clock::get)) {
            InetAddress camera = InetAddress.getByName("127.0.0.2");
            InetAddress phone = InetAddress.getByName("127.0.0.3");
            Message q = DnsClient.query("plain.test.", Type.A);
            int[] phoneAnswered = new int[1];
            Thread neighbour = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 100; i++) {
                    // a stub resolver asks again when a datagram is lost; the kernel's socket buffer is shared
                    for (int attempt = 0; attempt < 3; attempt++) {
                        try {
                            Message m = DnsClient.udp(r.udpAddress(), DnsClient.query("plain.test.", Type.A),
                                    Duration.ofSeconds(2), phone);
                            if (m.getRcode() == Rcode.NOERROR && m.getSection(1).size() == 1) {
                                phoneAnswered[0]++;
                            }
                            break;
                        } catch (Exception e) {
                            // lost: try again
                        }
                    }
                }
            });
            List<Message> flood = UdpFlood.send(r.udpAddress(), camera, q, 20_000);
            neighbour.join();
            assertThat(flood).as("the camera gets its burst and nothing more").hasSize(100);
            assertThat(flood).allMatch(m -> m.getRcode() == Rcode.NOERROR);
            assertThat(phoneAnswered[0]).as("every query of the phone is answered during the flood").isEqualTo(100);
            assertThat(r.resolver().limits().limitedByClient()).isGreaterThan(0);
            assertThat(r.resolver().limits().limitedByNetwork()).as("the /24 aggregate is far above both").isZero();

            clock.addAndGet(10_000_000_000L); // ten seconds at 1 q/s
            assertThat(UdpFlood.send(r.udpAddress(), camera, q, 500)).as("the bucket refills at qps").hasSize(10);
        }
    }

    @Test
    void loopbackClientsAreExemptAtTheDefaults() throws Exception {
        // the default exempt list, with a limit that would stop any other client after 10 queries
        try (TestResolver r = TestResolver.start(upstream() + "clients: { rateLimit: { qps: 1, burst: 10 } }\n",
                clock::get)) {
            Message q = DnsClient.query("plain.test.", Type.A);
            for (String source : List.of("127.0.0.1", "127.0.0.2")) {
                List<Message> replies = UdpFlood.send(r.udpAddress(), InetAddress.getByName(source), q, 400);
                assertThat(replies).as(source).hasSizeGreaterThan(100); // a limited client would get 10; UDP may lose some
                assertThat(replies).allMatch(m -> m.getRcode() == Rcode.NOERROR);
            }
            for (int i = 0; i < 50; i++) {
                assertThat(DnsClient.tcp(r.tcpAddress(), q, TestResolver.TIMEOUT, InetAddress.getByName("127.0.0.2"))
                        .getRcode()).isEqualTo(Rcode.NOERROR);
            }
            assertThat(r.resolver().limits().limitedByClient()).isZero();
        }
    }
}

package org.camsink.resolver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.camsink.resolver.pipeline.ResolutionKind;
import org.camsink.resolver.testing.DnsClient;
import org.camsink.resolver.testing.Fixtures;
import org.camsink.resolver.testing.TestResolver;
import org.camsink.resolver.testing.UdpFlood;
import org.camsink.resolver.testing.UnboundUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.HINFORecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
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
        unbound = UnboundUpstream.start(List.of("plain.test. 300 IN A 192.0.2.10", "edns.plain.test. 300 IN A 192.0.2.11"),
                List.of());
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

    /**
     * RRL over the wire: past the limit of identical answers, every second limited answer comes back empty with TC
     * set and the others are dropped. The server's counters say how many queries it read (UDP may lose some on a
     * busy machine), and the replies on the wire must match them exactly.
     */
    @Test
    void identicalAnswersPastTheRrlLimitAreSlippedAtTheSlipRatioAndOtherwiseDropped() throws Exception {
        try (TestResolver r = TestResolver.start(upstream() + "clients:\n"
                + "  rateLimit: { qps: 1000000, burst: 1000000, exempt: [] }\n"
                + "  rrl: { responsesPerSecond: 20, slip: 2 }\n", clock::get)) {
            Message q = DnsClient.query("plain.test.", Type.A);
            List<Message> replies = UdpFlood.send(r.udpAddress(), InetAddress.getByName("127.0.0.2"), q, 2000);
            List<Message> full = replies.stream().filter(m -> !m.getHeader().getFlag(Flags.TC)).toList();
            List<Message> truncated = replies.stream().filter(m -> m.getHeader().getFlag(Flags.TC)).toList();
            long slipped = r.resolver().responseLimits().slipped();
            long dropped = r.resolver().responseLimits().dropped();
            assertThat(full).as("one second's worth of identical answers").hasSize(20);
            assertThat(full).allMatch(m -> m.getSection(Section.ANSWER).size() == 1);
            assertThat(truncated).hasSize((int) slipped);
            assertThat(dropped).as("slip 2: every second limited answer is a TC answer").isIn(slipped, slipped + 1);
            assertThat(slipped + dropped).as("enough queries arrived to show the ratio").isGreaterThan(50);
            assertThat(truncated).allSatisfy(m -> {
                assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
                assertThat(m.getSection(Section.ANSWER)).isEmpty();
                assertThat(m.getQuestion().getName().toString()).isEqualTo("plain.test.");
                assertThat(m.toWire().length).as("no larger than the query").isLessThanOrEqualTo(q.toWire().length);
            });

            InetAddress other = InetAddress.getByName("127.0.1.2");
            assertThat(UdpFlood.send(r.udpAddress(), other, q, 10)).as("another /24 has its own budget")
                    .hasSize(10).noneMatch(m -> m.getHeader().getFlag(Flags.TC));
            Message tcp = DnsClient.tcp(r.tcpAddress(), q, TestResolver.TIMEOUT, InetAddress.getByName("127.0.0.2"));
            assertThat(tcp.getSection(Section.ANSWER)).as("TCP is never response rate limited").hasSize(1);
        }
    }

    /**
     * A TC answer is the same bytes whichever path writes it: the full path (an answer not yet kept for the
     * receiving thread) or the receiving thread's own (a repeated cached answer). With slip 1 every limited
     * answer is a TC answer; with a /32 per client, one client fills the fast path while another is limited.
     */
    @Test
    void aSlipAnswerIsTheSameBytesOnBothPaths() throws Exception {
        try (TestResolver r = TestResolver.start(upstream() + "clients:\n"
                + "  rateLimit: { exempt: [] }\n"
                + "  rrl: { responsesPerSecond: 1, slip: 1, ipv4Prefix: 32 }\n", clock::get)) {
            for (boolean edns : new boolean[] {false, true}) {
                String name = edns ? "edns.plain.test." : "plain.test.";
                Message q = DnsClient.query(name, Type.A);
                if (edns) {
                    q.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
                }
                byte[] wire = q.toWire();
                InetAddress limited = InetAddress.getByName(edns ? "127.0.0.4" : "127.0.0.2");
                InetAddress filler = InetAddress.getByName(edns ? "127.0.0.5" : "127.0.0.3");
                assertThat(new Message(DnsClient.udpRaw(r.udpAddress(), wire, TestResolver.TIMEOUT, limited))
                        .getHeader().getFlag(Flags.TC)).isFalse();
                byte[] fromPipeline = DnsClient.udpRaw(r.udpAddress(), wire, TestResolver.TIMEOUT, limited);
                DnsClient.udpRaw(r.udpAddress(), wire, TestResolver.TIMEOUT, filler); // a cached answer: kept
                byte[] fromReceiver = DnsClient.udpRaw(r.udpAddress(), wire, TestResolver.TIMEOUT, limited);
                Message slip = new Message(fromPipeline);
                assertThat(slip.getHeader().getFlag(Flags.TC)).isTrue();
                assertThat(slip.getOPT() != null).isEqualTo(edns);
                assertThat(fromReceiver).as(name).isEqualTo(fromPipeline);
            }
        }
    }

    @Test
    void anyIsAnsweredWithTheRfc8482RecordOverUdpAndTcp() throws Exception {
        try (TestResolver r = TestResolver.start(upstream())) {
            Message q = DnsClient.query("plain.test.", Type.ANY);
            for (Message m : List.of(r.udp(q), r.tcp(q))) {
                assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
                assertThat(m.getSection(Section.ANSWER)).singleElement().satisfies(rec -> {
                    assertThat(rec).isInstanceOf(HINFORecord.class);
                    assertThat(((HINFORecord) rec).getCPU()).isEqualTo("RFC8482");
                    assertThat(((HINFORecord) rec).getOS()).isEmpty();
                    assertThat(rec.getName().toString()).isEqualTo("plain.test.");
                    assertThat(rec.getTTL()).isEqualTo(3600);
                });
            }
            assertThat(r.resolver().admin().metrics().snapshot().count(ResolutionKind.RESOLVED))
                    .as("never forwarded").isZero();
        }
    }
}

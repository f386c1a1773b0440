package org.camsink.resolver.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.camsink.resolver.net.HostPort;
import org.camsink.resolver.pipeline.Query;
import org.camsink.resolver.pipeline.Resolution;
import org.camsink.resolver.pipeline.ResolutionKind;
import org.camsink.resolver.pipeline.Transport;
import org.camsink.resolver.status.UpstreamStatus;
import org.camsink.resolver.testing.DnsClient;
import org.camsink.resolver.testing.UnboundUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class UpstreamTest {
    static UnboundUpstream unbound;

    @BeforeAll
    static void start() throws Exception {
        StringBuilder huge = new StringBuilder("huge.test. 300 IN TXT");
        for (int i = 0; i < 8; i++) {
            huge.append(" \"").append(String.valueOf((char) ('a' + i)).repeat(200)).append('"');
        }
        unbound = UnboundUpstream.start(List.of("plain.test. 300 IN A 192.0.2.10", huge.toString()), List.of());
    }

    @AfterAll
    static void stop() {
        if (unbound != null) {
            unbound.close();
        }
    }

    static Message withEdns(Message q) {
        q.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        return q;
    }

    static Query query(String name, int type) {
        return new Query(DnsClient.query(name, type), InetAddress.getLoopbackAddress(), Transport.UDP, 512, false,
                System.nanoTime());
    }

    static PlainDnsUpstream upstream(String hostPort) {
        return new PlainDnsUpstream(HostPort.parse(hostPort, 53));
    }

    @Test
    void retriesOverTcpWhenTheUdpAnswerIsTruncated() throws Exception {
        Message reply = upstream(unbound.hostPort()).exchange(withEdns(DnsClient.query("huge.test.", Type.TXT)),
                Duration.ofSeconds(2));
        assertThat(reply.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(reply.getSection(Section.ANSWER)).singleElement()
                .satisfies(r -> assertThat(((TXTRecord) r).getStrings()).hasSize(8));
    }

    @Test
    void ignoresRepliesWithTheWrongIdOrQuestionAndTakesTheRightOne() throws Exception {
        try (DatagramSocket fake = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Thread server = Thread.ofPlatform().start(() -> {
                try {
                    byte[] buf = new byte[4096];
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    fake.receive(p);
                    Message q = new Message(Arrays.copyOf(buf, p.getLength()));
                    Message wrongId = reply(q, "192.0.2.66");
                    wrongId.getHeader().setID(q.getHeader().getID() ^ 1);
                    Message wrongQuestion = reply(DnsClient.query("other.test.", Type.A), "192.0.2.67");
                    wrongQuestion.getHeader().setID(q.getHeader().getID());
                    for (Message m : List.of(wrongId, wrongQuestion, reply(q, "192.0.2.10"))) {
                        byte[] w = m.toWire();
                        fake.send(new DatagramPacket(w, w.length, p.getSocketAddress()));
                    }
                } catch (IOException e) {
                    // the test fails on its own
                }
            });
            Message q = DnsClient.query("plain.test.", Type.A);
            Message r = upstream("127.0.0.1:" + fake.getLocalPort()).exchange(q, Duration.ofSeconds(2));
            assertThat(r.getSection(Section.ANSWER).get(0).rdataToString()).isEqualTo("192.0.2.10");
            server.join(2000);
        }
    }

    static Message reply(Message q, String address) throws IOException {
        Message m = new Message(q.getHeader().getID());
        m.getHeader().setFlag(Flags.QR);
        m.addRecord(q.getQuestion(), Section.QUESTION);
        m.addRecord(org.xbill.DNS.Record.fromString(q.getQuestion().getName(), Type.A, 1, 60, address,
                org.xbill.DNS.Name.root), Section.ANSWER);
        return m;
    }

    @Test
    void aSilentUpstreamTimesOutOnTime() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> upstream("127.0.0.1:" + silent.getLocalPort())
                    .exchange(DnsClient.query("plain.test.", Type.A), Duration.ofMillis(300)))
                    .isInstanceOf(IOException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250), Duration.ofMillis(1500));
        }
    }

    @Test
    void failsOverToTheNextUpstreamAndTriesAnUnhealthyOneLast() throws Exception {
        int deadPort;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            deadPort = s.getLocalPort();
        }
        Forwarder f = new Forwarder(List.of(upstream("127.0.0.1:" + deadPort), upstream(unbound.hostPort())),
                Duration.ofMillis(500), 2);
        for (int i = 0; i < 5; i++) {
            Resolution r = f.resolve(query("plain.test.", Type.A));
            assertThat(r.kind()).isEqualTo(ResolutionKind.RESOLVED);
            assertThat(r.response().getRcode()).isEqualTo(Rcode.NOERROR);
        }
        List<UpstreamStatus> status = f.status();
        assertThat(status.get(0).healthy()).isFalse();
        assertThat(status.get(0).failures()).as("skipped once unhealthy").isEqualTo(UpstreamHealth.FAILURES_TO_UNHEALTHY);
        assertThat(status.get(1).healthy()).isTrue();
        assertThat(status.get(1).queries()).isEqualTo(5);
        assertThat(status.get(1).averageRttMillis()).isPositive();
    }

    @Test
    void everyUpstreamFailingGivesServfail() throws Exception {
        int deadPort;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            deadPort = s.getLocalPort();
        }
        Forwarder f = new Forwarder(List.of(upstream("127.0.0.1:" + deadPort)), Duration.ofMillis(300), 2);
        Query q = query("plain.test.", Type.A);
        Resolution r = f.resolve(q);
        assertThat(r.kind()).isEqualTo(ResolutionKind.FAILED);
        assertThat(r.response().getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(r.response().getHeader().getID()).isEqualTo(q.request().getHeader().getID());
    }
}

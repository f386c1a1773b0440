package org.camsink.resolver.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.camsink.resolver.testing.DnsClient;
import org.camsink.resolver.testing.Fixtures;
import org.camsink.resolver.testing.TestResolver;
import org.camsink.resolver.testing.UnboundUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Bad and unusual packets over real sockets: the right error code, or silence, and the server keeps serving. */
class ProtocolTest {
    static UnboundUpstream unbound;
    static TestResolver resolver;
    static final Duration SHORT = Duration.ofMillis(300);

    @BeforeAll
    static void start() throws Exception {
        unbound = UnboundUpstream.start(List.of("plain.test. 300 IN A 192.0.2.10"), List.of());
        resolver = TestResolver.start("upstreams: [\"" + unbound.hostPort() + "\"]\n"
                + "server: { tcpIdleTimeout: 400ms, tcpMaxConnections: 3 }\n");
    }

    @AfterAll
    static void stop() throws Exception {
        Fixtures.closeAll(resolver, unbound);
    }

    private static void stillAnswers() throws IOException {
        Message r = resolver.udp(DnsClient.query("plain.test.", Type.A));
        assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(r.getSection(Section.ANSWER)).hasSize(1);
        Message t = resolver.tcp(DnsClient.query("plain.test.", Type.A));
        assertThat(t.getSection(Section.ANSWER)).hasSize(1);
    }

    /** The reply to raw bytes, or null when the server stayed silent for {@code wait}. */
    private static byte[] udpRaw(byte[] packet, Duration wait) throws IOException {
        try {
            return DnsClient.udpRaw(resolver.udpAddress(), packet, wait, null);
        } catch (SocketTimeoutException silent) {
            return null;
        }
    }

    /** The reply to raw bytes we expect an answer to; a loaded machine gets the full test timeout. */
    private static byte[] udpRaw(byte[] packet) throws IOException {
        return udpRaw(packet, TestResolver.TIMEOUT);
    }

    @Test
    void garbageGetsFormerrOrSilenceAndServingGoesOn() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            byte[] junk = new byte[random.nextInt(300)];
            random.nextBytes(junk);
            if (junk.length > 2) {
                junk[2] &= 0x07; // a query (QR clear) with opcode QUERY, so the server has to look inside
            }
            byte[] reply = udpRaw(junk, SHORT);
            if (reply != null) {
                assertThat(reply.length).isGreaterThanOrEqualTo(12);
                assertThat(reply[0]).isEqualTo(junk[0]);
                assertThat(reply[1]).isEqualTo(junk[1]);
                int rcode = reply[3] & 0x0F;
                assertThat(rcode).isIn(Rcode.FORMERR, Rcode.NOERROR, Rcode.NXDOMAIN, Rcode.REFUSED, Rcode.SERVFAIL);
            }
        }
        stillAnswers();
    }

    @Test
    void headerWithoutTheQuestionItPromisesGetsFormerrWithTheSameId() throws Exception {
        byte[] header = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0};
        byte[] reply = udpRaw(header);
        assertThat(reply).isNotNull().hasSize(12);
        assertThat(reply[0]).isEqualTo((byte) 0x12);
        assertThat(reply[1]).isEqualTo((byte) 0x34);
        assertThat(reply[2] & 0x80).isEqualTo(0x80);
        assertThat(reply[3] & 0x0F).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void tooShortAndResponsePacketsAreIgnored() throws Exception {
        assertThat(udpRaw(new byte[0], SHORT)).isNull();
        assertThat(udpRaw(new byte[] {1, 2, 3}, SHORT)).isNull();
        Message response = DnsClient.query("plain.test.", Type.A);
        response.getHeader().setFlag(Flags.QR);
        assertThat(udpRaw(response.toWire(), SHORT)).isNull();
        stillAnswers();
    }

    @Test
    void twoQuestionsGetFormerr() throws Exception {
        Message q = DnsClient.query("plain.test.", Type.A);
        q.addRecord(DnsClient.query("other.test.", Type.A).getQuestion(), Section.QUESTION);
        Message r = new Message(udpRaw(q.toWire()));
        assertThat(r.getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(r.getHeader().getID()).isEqualTo(q.getHeader().getID());
    }

    @Test
    void opcodeOtherThanQueryGetsNotimp() throws Exception {
        Message q = DnsClient.query("plain.test.", Type.A);
        q.getHeader().setOpcode(Opcode.STATUS);
        Message r = resolver.udp(q);
        assertThat(r.getRcode()).isEqualTo(Rcode.NOTIMP);
        assertThat(r.getHeader().getID()).isEqualTo(q.getHeader().getID());
        assertThat(r.getHeader().getOpcode()).isEqualTo(Opcode.STATUS);
        Message notify = DnsClient.query("plain.test.", Type.SOA);
        notify.getHeader().setOpcode(Opcode.NOTIFY);
        assertThat(resolver.tcp(notify).getRcode()).isEqualTo(Rcode.NOTIMP);
    }

    @Test
    void ednsVersionOneGetsBadvers() throws Exception {
        Message q = DnsClient.query("plain.test.", Type.A);
        q.addRecord(new OPTRecord(1232, 0, 1), Section.ADDITIONAL);
        Message r = resolver.udp(q);
        assertThat(r.getRcode()).isEqualTo(Rcode.BADVERS);
        assertThat(r.getOPT()).isNotNull();
        assertThat(r.getOPT().getVersion()).isZero();
        assertThat(r.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void zoneTransfersAreRefused() throws Exception {
        assertThat(resolver.tcp(DnsClient.query("plain.test.", Type.AXFR)).getRcode()).isEqualTo(Rcode.REFUSED);
    }

    @Test
    void tcpZeroLengthAndShortFramesCloseTheConnection() throws Exception {
        try (DnsClient.Connection c = DnsClient.connect(resolver.tcpAddress(), TestResolver.TIMEOUT)) {
            c.sendRaw(new byte[] {0, 0});
            assertThat(c.closedByServer(Duration.ofSeconds(2))).isTrue();
        }
        try (DnsClient.Connection c = DnsClient.connect(resolver.tcpAddress(), TestResolver.TIMEOUT)) {
            c.send(new byte[] {1, 2, 3});
            assertThat(c.closedByServer(Duration.ofSeconds(2))).isTrue();
        }
        stillAnswers();
    }

    @Test
    void tcpGarbageMessageGetsFormerrOnTheSameConnection() throws Exception {
        try (DnsClient.Connection c = DnsClient.connect(resolver.tcpAddress(), TestResolver.TIMEOUT)) {
            byte[] junk = {0x55, 0x66, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xC0, (byte) 0xFF};
            c.send(junk);
            byte[] reply = c.receive();
            assertThat(reply[0]).isEqualTo((byte) 0x55);
            assertThat(reply[3] & 0x0F).isEqualTo(Rcode.FORMERR);
            Message q = DnsClient.query("plain.test.", Type.A);
            c.send(q.toWire());
            assertThat(c.receiveMessage().getHeader().getID()).isEqualTo(q.getHeader().getID());
        }
    }

    @Test
    void hugeAnnouncedLengthAndSlowlorisAreCutOffByTheIdleTimeout() throws Exception {
        try (DnsClient.Connection c = DnsClient.connect(resolver.tcpAddress(), TestResolver.TIMEOUT)) {
            c.sendRaw(new byte[] {(byte) 0xFF, (byte) 0xFF, 0, 1, 2});
            long start = System.nanoTime();
            assertThat(c.closedByServer(Duration.ofSeconds(3))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
        try (DnsClient.Connection c = DnsClient.connect(resolver.tcpAddress(), TestResolver.TIMEOUT)) {
            byte[] framed = DnsClient.query("plain.test.", Type.A).toWire();
            long start = System.nanoTime();
            boolean closed = false;
            c.sendRaw(new byte[] {0, (byte) framed.length});
            for (int i = 0; i < framed.length && !closed; i++) {
                try {
                    c.sendRaw(new byte[] {framed[i]});
                } catch (IOException reset) {
                    closed = true;
                }
                closed = closed || c.closedByServer(Duration.ofMillis(150));
            }
            assertThat(closed).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
        stillAnswers();
    }

    @Test
    void idleConnectionsAreClosed() throws Exception {
        try (DnsClient.Connection idle = DnsClient.connect(resolver.tcpAddress(), TestResolver.TIMEOUT)) {
            long start = System.nanoTime();
            assertThat(idle.closedByServer(TestResolver.TIMEOUT)).isTrue();
            // Closed for idling, not at once: the configured idle timeout is 400 ms.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(200));
        }
        stillAnswers();
    }

    /**
     * A resolver of its own with a long idle timeout, so that no held connection can time out while the
     * test runs, however slow the machine: the cap alone decides what happens to the fourth connection.
     */
    @Test
    void theConnectionCapHolds() throws Exception {
        try (TestResolver capped = TestResolver.start("upstreams: [\"" + unbound.hostPort() + "\"]\n"
                + "server: { tcpIdleTimeout: 30s, tcpMaxConnections: 3 }\n")) {
            List<DnsClient.Connection> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    DnsClient.Connection c = DnsClient.connect(capped.tcpAddress(), TestResolver.TIMEOUT);
                    held.add(c);
                    answersOn(c); // the server has accepted it and holds a slot for it
                }
                try (DnsClient.Connection extra = DnsClient.connect(capped.tcpAddress(), TestResolver.TIMEOUT)) {
                    assertThat(extra.closedByServer(TestResolver.TIMEOUT)).isTrue();
                }
                for (DnsClient.Connection c : held) {
                    answersOn(c); // the cap turned away the newcomer, not the connections already open
                }
                held.remove(0).close();
                DnsClient.Connection freed = connectUntilAccepted(capped);
                held.add(freed);
                answersOn(freed);
            } finally {
                for (DnsClient.Connection c : held) {
                    c.close();
                }
            }
        }
    }

    private static void answersOn(DnsClient.Connection c) throws IOException {
        c.send(DnsClient.query("plain.test.", Type.A).toWire());
        assertThat(c.receiveMessage().getSection(Section.ANSWER)).hasSize(1);
    }

    /** The server notices a closed connection a moment later; until then a newcomer may still be turned away. */
    private static DnsClient.Connection connectUntilAccepted(TestResolver server) throws Exception {
        long deadline = System.nanoTime() + TestResolver.TIMEOUT.toNanos();
        while (true) {
            DnsClient.Connection c = DnsClient.connect(server.tcpAddress(), TestResolver.TIMEOUT);
            try {
                c.send(DnsClient.query("plain.test.", Type.A).toWire());
                c.receiveMessage();
                return c;
            } catch (IOException turnedAway) {
                c.close();
                if (System.nanoTime() > deadline) {
                    throw turnedAway;
                }
                Thread.sleep(20);
            }
        }
    }
}

package org.camsink.resolver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camsink.resolver.testing.DnsClient;
import org.camsink.resolver.testing.Fixtures;
import org.camsink.resolver.testing.TestResolver;
import org.camsink.resolver.testing.UnboundUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** Plain forwarding through a real Unbound, over real UDP and TCP sockets. */
class ResolverAcceptanceTest {
    static UnboundUpstream unbound;
    static TestResolver resolver;

    static String bigTxt() {
        StringBuilder sb = new StringBuilder("big.test. 300 IN TXT");
        for (int i = 0; i < 4; i++) {
            sb.append(" \"").append(String.valueOf((char) ('a' + i)).repeat(200)).append('"');
        }
        return sb.toString();
    }

    @BeforeAll
    static void start() throws Exception {
        unbound = UnboundUpstream.start(List.of(
                "plain.test. 300 IN A 192.0.2.10",
                "plain.test. 300 IN AAAA 2001:db8::10",
                bigTxt()), List.of());
        resolver = TestResolver.start("upstreams: [\"" + unbound.hostPort() + "\"]\n");
    }

    @AfterAll
    static void stop() throws Exception {
        Fixtures.closeAll(resolver, unbound);
    }

    @Test
    void answersOverUdp() throws Exception {
        Message q = DnsClient.query("plain.test.", Type.A);
        Message r = resolver.udp(q);
        assertThat(r.getHeader().getID()).isEqualTo(q.getHeader().getID());
        assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(r.getHeader().getFlag(Flags.QR)).isTrue();
        assertThat(r.getHeader().getFlag(Flags.RA)).isTrue();
        assertThat(r.getSection(Section.ANSWER)).singleElement()
                .satisfies(rec -> assertThat(((ARecord) rec).getAddress().getHostAddress()).isEqualTo("192.0.2.10"));
    }

    @Test
    void answersOverTcp() throws Exception {
        Message r = resolver.tcp(DnsClient.query("plain.test.", Type.AAAA));
        assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(r.getSection(Section.ANSWER)).singleElement()
                .satisfies(rec -> assertThat(((AAAARecord) rec).getAddress()).isEqualTo(InetAddress.getByName("2001:db8::10")));
    }

    @Test
    void bigAnswerIsTruncatedOverUdpAndWholeOverTcp() throws Exception {
        Message udp = resolver.udp(DnsClient.query("big.test.", Type.TXT));
        assertThat(udp.getHeader().getFlag(Flags.TC)).isTrue();
        byte[] raw = DnsClient.udpRaw(resolver.udpAddress(), DnsClient.query("big.test.", Type.TXT).toWire(),
                TestResolver.TIMEOUT, null);
        assertThat(raw.length).isLessThanOrEqualTo(512);

        Message tcp = resolver.tcp(DnsClient.query("big.test.", Type.TXT));
        assertThat(tcp.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(tcp.getSection(Section.ANSWER)).singleElement()
                .satisfies(rec -> assertThat(((TXTRecord) rec).getStrings()).hasSize(4));
    }

    @Test
    void ednsClientGetsTheWholeAnswerOverUdpAndOurPayloadSize() throws Exception {
        Message q = DnsClient.query("big.test.", Type.TXT);
        q.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
        Message r = resolver.udp(q);
        assertThat(r.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(r.getSection(Section.ANSWER)).hasSize(1);
        assertThat(r.getOPT()).isNotNull();
        assertThat(r.getOPT().getPayloadSize()).isEqualTo(1232);

        Message small = DnsClient.query("big.test.", Type.TXT);
        small.addRecord(new OPTRecord(600, 0, 0), Section.ADDITIONAL);
        byte[] raw = DnsClient.udpRaw(resolver.udpAddress(), small.toWire(), TestResolver.TIMEOUT, null);
        assertThat(raw.length).isLessThanOrEqualTo(600);
        assertThat(new Message(raw).getHeader().getFlag(Flags.TC)).isTrue();
    }

    @Test
    void pipelinedTcpQueriesAllGetTheirAnswers() throws Exception {
        try (DnsClient.Connection c = DnsClient.connect(resolver.tcpAddress(), TestResolver.TIMEOUT)) {
            Map<Integer, Integer> sent = new HashMap<>();
            List<Message> queries = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int type = i % 3 == 0 ? Type.A : i % 3 == 1 ? Type.AAAA : Type.TXT;
                Message q = DnsClient.query(i % 3 == 2 ? "big.test." : "plain.test.", type);
                queries.add(q);
                sent.put(q.getHeader().getID(), type);
            }
            for (Message q : queries) {
                c.send(q.toWire());
            }
            Map<Integer, Integer> received = new HashMap<>();
            for (int i = 0; i < queries.size(); i++) {
                Message r = c.receiveMessage();
                assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
                received.put(r.getHeader().getID(), r.getQuestion().getType());
            }
            assertThat(received).isEqualTo(sent);
        }
    }

    @Test
    void servesIdleTcpConnectionForManyQueries() throws Exception {
        try (DnsClient.Connection c = DnsClient.connect(resolver.tcpAddress(), TestResolver.TIMEOUT)) {
            for (int i = 0; i < 3; i++) {
                Message q = DnsClient.query("plain.test.", Type.A);
                c.send(q.toWire());
                Message r = c.receiveMessage();
                assertThat(r.getHeader().getID()).isEqualTo(q.getHeader().getID());
                Thread.sleep(50);
            }
        }
    }

    @Test
    void listensOnIpv6AndIpv4AddressesAtOnce() throws Exception {
        try (TestResolver both = TestResolver.start("upstreams: [\"" + unbound.hostPort() + "\"]\n"
                + "listen: [\"[::1]:0\", \"127.0.0.1:0\"]\n")) {
            assertThat(both.resolver().udpAddresses()).hasSize(2);
            assertThat(both.resolver().tcpAddresses()).hasSize(2);
            for (int i = 0; i < 2; i++) {
                Message udp = DnsClient.udp(both.resolver().udpAddresses().get(i), DnsClient.query("plain.test.", Type.A),
                        TestResolver.TIMEOUT);
                assertThat(udp.getSection(Section.ANSWER)).hasSize(1);
                Message tcp = DnsClient.tcp(both.resolver().tcpAddresses().get(i), DnsClient.query("plain.test.", Type.A),
                        TestResolver.TIMEOUT);
                assertThat(tcp.getSection(Section.ANSWER)).hasSize(1);
            }
            assertThat(both.resolver().udpAddresses().get(0).getAddress().getHostAddress()).contains(":");
        }
    }
}

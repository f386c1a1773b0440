package org.camsink.resolver.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.camsink.resolver.config.ConfigLoader;
import org.camsink.resolver.events.Hit;
import org.camsink.resolver.events.MatchKind;
import org.camsink.resolver.pipeline.Resolution;
import org.camsink.resolver.pipeline.ResolutionKind;
import org.camsink.resolver.testing.DnsClient;
import org.camsink.resolver.testing.Fixtures;
import org.camsink.resolver.testing.TestResolver;
import org.camsink.resolver.testing.UnboundUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Blocking through the whole resolver, over real UDP and TCP sockets, with a real Unbound upstream. */
class BlockingEndToEndTest {
    static UnboundUpstream unbound;
    static TestResolver resolver;
    static Path dir;
    static final List<Resolution> seen = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        unbound = UnboundUpstream.start(List.of(
                "plain.test. 300 IN A 192.0.2.10",
                "alias.test. 300 IN CNAME edge.cloud.trassir.com.",
                "edge.cloud.trassir.com. 300 IN A 192.0.2.7",
                "ok.cloud.trassir.com. 300 IN A 192.0.2.8",
                "rebrand.test. 300 IN A 203.0.113.5",
                "rebrand.test. 300 IN AAAA 2001:db8:bad::5",
                "watched.test. 300 IN A 192.0.2.9",
                "later.test. 300 IN A 192.0.2.11"), List.of());
        dir = Files.createTempDirectory("camsink-blocking-e2e");
        Files.writeString(dir.resolve("vendor.txt"), "# vendor clouds\ncloud.trassir.com\n");
        Files.writeString(dir.resolve("ranges.cidr"), "203.0.113.0/24\n2001:db8:bad::/48\n");
        Files.writeString(dir.resolve("audit.hosts"), "0.0.0.0 watched.test\n");
        Files.writeString(dir.resolve("live.txt"), "nothing-yet.test\n");
        resolver = TestResolver.start(config("nxdomain"));
        resolver.resolver().addListener((q, r, t) -> seen.add(r));
    }

    static String config(String mode) {
        return "upstreams: [\"" + unbound.hostPort() + "\"]\n"
                + "lists:\n"
                + "  - { source: " + dir.resolve("vendor.txt") + ", id: trassir }\n"
                + "  - { source: " + dir.resolve("ranges.cidr") + ", id: ranges }\n"
                + "  - { source: " + dir.resolve("audit.hosts") + ", id: audit, action: log }\n"
                + "  - { source: " + dir.resolve("live.txt") + ", id: live }\n"
                + "allow: [\"ok.cloud.trassir.com\"]\n"
                + "blocking: { mode: " + mode + ", ttl: 30, sinkholeIPv4: 192.0.2.99, sinkholeIPv6: \"2001:db8::99\" }\n";
    }

    @AfterAll
    static void stop() throws Exception {
        Fixtures.closeAll(resolver, unbound, Fixtures.folder(dir));
    }

    @BeforeEach
    void nxdomainMode() throws Exception {
        setMode("nxdomain");
        seen.clear();
    }

    static void setMode(String mode) throws Exception {
        Files.writeString(resolver.file(), TestResolver.withTestDefaults(config(mode)), StandardCharsets.UTF_8);
        resolver.resolver().reload(ConfigLoader.load(resolver.file()));
    }

    static Message ednsQuery(String name, int type) {
        Message q = DnsClient.query(name, type);
        q.addRecord(new OPTRecord(1232, 0, 0, 0), Section.ADDITIONAL);
        return q;
    }

    static String ede(Message m) {
        OPTRecord opt = m.getOPT();
        assertThat(opt).as("an OPT record in the answer").isNotNull();
        for (EDNSOption o : opt.getOptions()) {
            if (o instanceof ExtendedErrorCodeOption e && e.getErrorCode() == ExtendedErrorCodeOption.BLOCKED) {
                return e.getText();
            }
        }
        return null;
    }

    /** The hit of the last query for which the listener was told, waiting briefly (listeners run after sending). */
    static Resolution last() throws InterruptedException {
        for (int i = 0; i < 100 && seen.isEmpty(); i++) {
            Thread.sleep(10);
        }
        assertThat(seen).isNotEmpty();
        return seen.getLast();
    }

    @Test
    void blockedSubdomainInMixedCaseOverUdpAndTcp() throws Exception {
        Message udp = resolver.udp(ednsQuery("A.Edge.CLOUD.Trassir.COM.", Type.A));
        assertThat(udp.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(ede(udp)).isEqualTo("blocked by camsink list trassir (cloud.trassir.com)");
        assertThat(udp.getSection(Section.AUTHORITY).getFirst().getTTL()).isEqualTo(30);
        Resolution r = last();
        assertThat(r.kind()).isEqualTo(ResolutionKind.BLOCKED);
        assertThat(r.hit()).isEqualTo(new Hit("trassir", "cloud.trassir.com", MatchKind.QNAME,
                InetAddress.getByName("127.0.0.1"), true));
        Message tcp = resolver.tcp(ednsQuery("x.cloud.trassir.com.", Type.AAAA));
        assertThat(tcp.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(ede(tcp)).contains("trassir");
    }

    @Test
    void plainNamesStillResolve() throws Exception {
        Message m = resolver.udp(ednsQuery("plain.test.", Type.A));
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(m.getSection(Section.ANSWER)).hasSize(1);
        assertThat(last().hit()).isNull();
    }

    @Test
    void cnameChainIntoABlockedDomain() throws Exception {
        Message m = resolver.udp(ednsQuery("alias.test.", Type.A));
        assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(m.getSection(Section.ANSWER)).isEmpty();
        assertThat(ede(m)).isEqualTo("blocked by camsink list trassir (CNAME target in cloud.trassir.com)");
        assertThat(last().hit().match()).isEqualTo(MatchKind.CNAME);
        assertThat(last().hit().entry()).isEqualTo("cloud.trassir.com");
    }

    @Test
    void answerAddressesInBlockedRangesForIpv4AndIpv6() throws Exception {
        Message v4 = resolver.udp(ednsQuery("rebrand.test.", Type.A));
        assertThat(v4.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(ede(v4)).isEqualTo("blocked by camsink list ranges (answer address in 203.0.113.0/24)");
        assertThat(last().hit()).extracting(Hit::match, Hit::entry).containsExactly(MatchKind.IP, "203.0.113.0/24");
        Message v6 = resolver.tcp(ednsQuery("rebrand.test.", Type.AAAA));
        assertThat(v6.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(ede(v6)).contains("2001:db8:bad:");
    }

    @Test
    void allowlistBeatsTheBlocklist() throws Exception {
        Message m = resolver.udp(ednsQuery("ok.cloud.trassir.com.", Type.A));
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(((ARecord) m.getSection(Section.ANSWER).getFirst()).getAddress().getHostAddress()).isEqualTo("192.0.2.8");
        assertThat(last().hit()).isNull();
    }

    @Test
    void logActionAnswersNormallyAndRecordsTheHit() throws Exception {
        Message m = resolver.udp(ednsQuery("Watched.test.", Type.A));
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(((ARecord) m.getSection(Section.ANSWER).getFirst()).getAddress().getHostAddress()).isEqualTo("192.0.2.9");
        Resolution r = last();
        assertThat(r.kind()).isIn(ResolutionKind.RESOLVED, ResolutionKind.CACHED);
        assertThat(r.hit()).isEqualTo(new Hit("audit", "watched.test", MatchKind.QNAME,
                InetAddress.getByName("127.0.0.1"), false));
    }

    @Test
    void everyModeWithEde15VisibleToTheClient() throws Exception {
        String text = "blocked by camsink list trassir (cloud.trassir.com)";
        setMode("nodata");
        Message nodata = resolver.udp(ednsQuery("cloud.trassir.com.", Type.A));
        assertThat(nodata.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(nodata.getSection(Section.ANSWER)).isEmpty();
        assertThat(ede(nodata)).isEqualTo(text);

        setMode("null");
        Message nullA = resolver.udp(ednsQuery("cloud.trassir.com.", Type.A));
        assertThat(((ARecord) nullA.getSection(Section.ANSWER).getFirst()).getAddress().getHostAddress()).isEqualTo("0.0.0.0");
        assertThat(nullA.getSection(Section.ANSWER).getFirst().getTTL()).isEqualTo(30);
        assertThat(ede(nullA)).isEqualTo(text);
        Message nullAaaa = resolver.udp(ednsQuery("cloud.trassir.com.", Type.AAAA));
        assertThat(((AAAARecord) nullAaaa.getSection(Section.ANSWER).getFirst()).getAddress())
                .isEqualTo(InetAddress.getByName("::"));

        setMode("ip");
        Message ipA = resolver.udp(ednsQuery("cloud.trassir.com.", Type.A));
        assertThat(((ARecord) ipA.getSection(Section.ANSWER).getFirst()).getAddress().getHostAddress()).isEqualTo("192.0.2.99");
        Message ipAaaa = resolver.tcp(ednsQuery("cloud.trassir.com.", Type.AAAA));
        assertThat(((AAAARecord) ipAaaa.getSection(Section.ANSWER).getFirst()).getAddress())
                .isEqualTo(InetAddress.getByName("2001:db8::99"));
        assertThat(ede(ipAaaa)).isEqualTo(text);

        setMode("refused");
        Message refused = resolver.udp(ednsQuery("cloud.trassir.com.", Type.A));
        assertThat(refused.getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(ede(refused)).isEqualTo(text);

        setMode("nxdomain");
        Message nx = resolver.udp(ednsQuery("cloud.trassir.com.", Type.A));
        assertThat(nx.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(ede(nx)).isEqualTo(text);
        Message plain = resolver.udp(DnsClient.query("cloud.trassir.com.", Type.A));
        assertThat(plain.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(plain.getOPT()).as("no EDNS in, no EDNS out").isNull();
    }

    @Test
    void listFileChangedOnDiskIsPickedUpWithoutRestart() throws Exception {
        assertThat(resolver.udp(ednsQuery("later.test.", Type.A)).getRcode()).isEqualTo(Rcode.NOERROR);
        Path live = dir.resolve("live.txt");
        Path tmp = dir.resolve("live.txt.new");
        Files.writeString(tmp, "nothing-yet.test\nlater.test\n");
        Files.move(tmp, live, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        long deadline = System.nanoTime() + 8_000_000_000L;
        Message m = resolver.udp(ednsQuery("Later.test.", Type.A));
        while (System.nanoTime() < deadline && m.getRcode() != Rcode.NXDOMAIN) {
            Thread.sleep(100);
            m = resolver.udp(ednsQuery("Later.test.", Type.A));
        }
        assertThat(m.getRcode()).as("the changed list blocks within the polling interval").isEqualTo(Rcode.NXDOMAIN);
        assertThat(ede(m)).isEqualTo("blocked by camsink list live (later.test)");
        assertThat(resolver.resolver().status().lists())
                .anySatisfy(s -> assertThat(s.id() + ":" + s.domains()).isEqualTo("live:2"));
    }
}

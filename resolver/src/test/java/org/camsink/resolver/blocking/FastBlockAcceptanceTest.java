package org.camsink.resolver.blocking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.camsink.resolver.admin.DeviceTable;
import org.camsink.resolver.admin.Metrics;
import org.camsink.resolver.config.ConfigLoader;
import org.camsink.resolver.events.Hit;
import org.camsink.resolver.events.MatchKind;
import org.camsink.resolver.pipeline.ResolutionKind;
import org.camsink.resolver.testing.DnsClient;
import org.camsink.resolver.testing.Fixtures;
import org.camsink.resolver.testing.TestResolver;
import org.camsink.resolver.testing.UnboundUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Blocked names answered on the receiving thread ({@link WireBlockResponder}) against the full path, over real
 * sockets: the same question over UDP (answered at once) and over TCP (which always takes the pipeline) must get
 * byte-identical replies and the same report to the query listeners, in every mode, with and without EDNS, with
 * the DO and CD bits, without RD, with a client cookie, and in mixed letter case. The cases the writer leaves alone (exceptions,
 * log-only lists, rpz-drop, access control, a new snapshot) must still behave as the pipeline says. (Loopback
 * clients are exempt from the rate limit, so {@code server.FastPathGateTest} covers the gate's refusal.)
 */
class FastBlockAcceptanceTest {
    private static final Duration SHORT = Duration.ofMillis(300);

    static UnboundUpstream unbound;
    static TestResolver resolver;
    static Path dir;
    static final List<Seen> seen = new CopyOnWriteArrayList<>();

    /** What one listener call saw, and whether it ran on the receiving thread. */
    record Seen(String name, ResolutionKind kind, String reason, Hit hit, boolean atOnce) {}

    @BeforeAll
    static void start() throws Exception {
        unbound = UnboundUpstream.start(List.of(
                "ok.cloud.trassir.com. 300 IN A 192.0.2.8",
                "watched.test. 300 IN A 192.0.2.9",
                "x.cloud.trassir.com. 300 IN A 192.0.2.12"), List.of());
        dir = Files.createTempDirectory("camsink-fastblock");
        Files.writeString(dir.resolve("vendor.txt"), "cloud.trassir.com\nevil.blocked\n");
        Files.writeString(dir.resolve("feed.rpz"),
                "nx.test CNAME .\nnodata.test CNAME *.\ndrop.test CNAME rpz-drop.\n*.wild.test CNAME .\n");
        Files.writeString(dir.resolve("audit.hosts"), "0.0.0.0 watched.test\n");
        resolver = TestResolver.start(config("nxdomain", "", ""));
        resolver.resolver().addListener((q, r, t) -> seen.add(new Seen(q.name().toString(), r.kind(), r.reason(),
                r.hit(), onReceivingThread())));
    }

    /** The listener ran on the socket's reader, not on a worker (virtual, or one of the UDP platform workers). */
    private static boolean onReceivingThread() {
        Thread t = Thread.currentThread();
        return !t.isVirtual() && !t.getName().startsWith("udp worker ");
    }

    static String config(String mode, String extraAllow, String clients) {
        return "upstreams: [\"" + unbound.hostPort() + "\"]\n"
                + "lists:\n"
                + "  - { source: " + dir.resolve("vendor.txt") + ", id: trassir }\n"
                + "  - { source: " + dir.resolve("feed.rpz") + ", id: feed, format: rpz }\n"
                + "  - { source: " + dir.resolve("audit.hosts") + ", id: audit, action: log }\n"
                + "allow: [\"ok.cloud.trassir.com\"" + extraAllow + "]\n"
                + "blocking: { mode: " + mode + ", ttl: 30, sinkholeIPv4: 192.0.2.99, sinkholeIPv6: \"2001:db8::99\" }\n"
                + clients;
    }

    static void reload(String mode, String extraAllow, String clients) throws Exception {
        Files.writeString(resolver.file(), TestResolver.withTestDefaults(config(mode, extraAllow, clients)),
                StandardCharsets.UTF_8);
        resolver.resolver().reload(ConfigLoader.load(resolver.file()));
    }

    @AfterAll
    static void stop() throws Exception {
        Fixtures.closeAll(resolver, unbound, Fixtures.folder(dir));
    }

    @BeforeEach
    void defaults() throws Exception {
        reload("nxdomain", "", "");
        seen.clear();
    }

    /** A query with the given flags; {@code payload} 0 means no EDNS. */
    static byte[] query(String name, int type, int payload, boolean dnssecOk, boolean cd, boolean rd) {
        Message q = DnsClient.query(name, type);
        if (!rd) {
            q.getHeader().unsetFlag(Flags.RD);
        }
        if (cd) {
            q.getHeader().setFlag(Flags.CD);
        }
        if (payload > 0) {
            q.addRecord(new OPTRecord(payload, 0, 0, dnssecOk ? ExtendedFlags.DO : 0), Section.ADDITIONAL);
        }
        return q.toWire();
    }

    static byte[] udp(byte[] q) throws Exception {
        return DnsClient.udpRaw(resolver.udpAddress(), q, TestResolver.TIMEOUT, null);
    }

    static byte[] tcp(byte[] q) throws Exception {
        try (DnsClient.Connection c = DnsClient.connect(resolver.tcpAddress(), TestResolver.TIMEOUT)) {
            c.send(q);
            return c.receive();
        }
    }

    /** Waits for the listener call of the one query just answered (listeners run after sending). */
    static Seen told() throws InterruptedException {
        for (int i = 0; i < 200 && seen.isEmpty(); i++) {
            Thread.sleep(5);
        }
        assertThat(seen).as("the query listeners were told").hasSize(1);
        return seen.removeFirst();
    }

    /**
     * Asks over UDP then TCP and checks both replies are the same bytes and both reports the same; returns the
     * reply and whether UDP was answered on the receiving thread.
     */
    static Answer same(byte[] q) throws Exception {
        seen.clear();
        byte[] viaUdp = udp(q);
        Seen fast = told();
        byte[] viaTcp = tcp(q);
        Seen full = told();
        assertThat(full.atOnce()).as("TCP always takes the pipeline").isFalse();
        assertThat(HexFormat.of().formatHex(viaUdp)).as("UDP reply bytes for %s", new Message(q).getQuestion())
                .isEqualTo(HexFormat.of().formatHex(viaTcp));
        assertThat(fast).usingRecursiveComparison().ignoringFields("atOnce").isEqualTo(full);
        return new Answer(new Message(viaUdp), fast);
    }

    record Answer(Message reply, Seen seen) {}

    static Answer fast(byte[] q) throws Exception {
        Answer a = same(q);
        assertThat(a.seen().atOnce()).as("answered on the receiving thread: %s", new Message(q).getQuestion())
                .isTrue();
        assertThat(a.seen().kind()).isEqualTo(ResolutionKind.BLOCKED);
        return a;
    }

    static List<byte[]> variants(String name, int type) {
        List<byte[]> out = new ArrayList<>();
        out.add(query(name, type, 0, false, false, true));
        out.add(query(name, type, 1232, false, false, true));
        out.add(query(name, type, 4096, true, false, true));
        out.add(query(name, type, 512, true, true, false));
        out.add(query(name, type, 0, false, true, false));
        Message cookie = DnsClient.query(name, type);
        cookie.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(new CookieOption(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))),
                Section.ADDITIONAL);
        out.add(cookie.toWire());
        return out;
    }

    @Test
    void everyModeGivesTheFullPathsBytesAndReport() throws Exception {
        for (String mode : List.of("nxdomain", "nodata", "null", "ip", "refused")) {
            reload(mode, "", "");
            for (int type : new int[] {Type.A, Type.AAAA, Type.TXT, Type.ANY}) {
                for (byte[] q : variants("A.Edge.CLOUD.Trassir.COM.", type)) {
                    Answer a = fast(q);
                    assertThat(a.seen().hit()).isEqualTo(new Hit("trassir", "cloud.trassir.com", MatchKind.QNAME,
                            InetAddress.getByName("127.0.0.1"), true));
                    assertThat(a.seen().reason()).isEqualTo("trassir:cloud.trassir.com");
                    assertThat(a.seen().name()).as("the query log sees the name as asked")
                            .isEqualTo("A.Edge.CLOUD.Trassir.COM.");
                }
            }
        }
        reload("null", "", "");
        Message nullA = fast(query("x.cloud.trassir.com.", Type.A, 1232, false, false, true)).reply();
        assertThat(nullA.getSection(Section.ANSWER).getFirst().rdataToString()).isEqualTo("0.0.0.0");
        reload("ip", "", "");
        Message ipAaaa = fast(query("x.cloud.trassir.com.", Type.AAAA, 0, false, false, true)).reply();
        assertThat(ipAaaa.getSection(Section.ANSWER).getFirst().rdataToString()).isEqualTo("2001:db8:0:0:0:0:0:99");
    }

    @Test
    void theListedNameItselfAndRpzPolicies() throws Exception {
        Message own = fast(query("Cloud.Trassir.Com.", Type.A, 1232, false, false, true)).reply();
        assertThat(own.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        reload("nodata", "", "");
        Answer nx = fast(query("NX.test.", Type.A, 1232, true, false, true));
        assertThat(nx.reply().getRcode()).as("the entry's own policy beats the mode").isEqualTo(Rcode.NXDOMAIN);
        assertThat(nx.seen().hit().entry()).isEqualTo("nx.test");
        reload("nxdomain", "", "");
        Answer nodata = fast(query("nodata.test.", Type.AAAA, 0, false, false, true));
        assertThat(nodata.reply().getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(nodata.reply().getSection(Section.AUTHORITY)).hasSize(1);
        Answer wild = fast(query("b.A.wild.test.", Type.A, 1232, false, false, true));
        assertThat(wild.seen().hit().entry()).isEqualTo("*.wild.test");
        assertThat(wild.seen().reason()).isEqualTo("feed:*.wild.test");
    }

    @Test
    void aNameUnderABlockedTopLevelLabelIsLeftToThePipeline() throws Exception {
        for (byte[] q : variants("x.Evil.BLOCKED.", Type.A)) {
            Answer a = same(q);
            assertThat(a.reply().getRcode()).isEqualTo(Rcode.NXDOMAIN);
            assertThat(a.seen().atOnce()).as("dnsjava compresses the SOA names into the question").isFalse();
        }
    }

    @Test
    void unusualEdnsOptionsTakeThePipeline() throws Exception {
        Message other = DnsClient.query("x.cloud.trassir.com.", Type.A);
        other.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(new GenericEDNSOption(65001, new byte[] {1, 2}))),
                Section.ADDITIONAL);
        Answer a = same(other.toWire());
        assertThat(a.reply().getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(a.seen().atOnce()).isFalse();

        // a cookie of 9 bytes does not parse: FORMERR from the full path, over both transports
        Message broken = DnsClient.query("x.cloud.trassir.com.", Type.A);
        broken.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(new GenericEDNSOption(10, new byte[9]))),
                Section.ADDITIONAL);
        byte[] viaUdp = udp(broken.toWire());
        assertThat(HexFormat.of().formatHex(viaUdp)).isEqualTo(HexFormat.of().formatHex(tcp(broken.toWire())));
        assertThat(viaUdp[3] & 0xF).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void exceptionsAndLogListsAreAnsweredByThePipeline() throws Exception {
        Message allowed = DnsClient.udp(resolver.udpAddress(), DnsClient.query("ok.cloud.trassir.com.", Type.A),
                TestResolver.TIMEOUT);
        assertThat(allowed.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(allowed.getSection(Section.ANSWER).getFirst().rdataToString()).isEqualTo("192.0.2.8");
        Seen pass = told();
        assertThat(pass.atOnce()).isFalse();
        assertThat(pass.hit()).isNull();
        Message watched = DnsClient.udp(resolver.udpAddress(), DnsClient.query("watched.test.", Type.A),
                TestResolver.TIMEOUT);
        assertThat(watched.getSection(Section.ANSWER)).hasSize(1);
        Seen logged = told();
        assertThat(logged.atOnce()).isFalse();
        assertThat(logged.hit()).isEqualTo(new Hit("audit", "watched.test", MatchKind.QNAME,
                InetAddress.getByName("127.0.0.1"), false));
    }

    @Test
    void rpzDropSendsNothing() throws Exception {
        assertThatThrownBy(() -> DnsClient.udpRaw(resolver.udpAddress(), query("drop.test.", Type.A, 0, false,
                false, true), SHORT, null)).isInstanceOf(SocketTimeoutException.class);
        Seen drop = told();
        assertThat(drop.kind()).isEqualTo(ResolutionKind.DROPPED);
        assertThat(drop.hit().entry()).isEqualTo("drop.test");
        assertThat(drop.atOnce()).isFalse();
    }

    @Test
    void aNewSnapshotAppliesAtOnce() throws Exception {
        fast(query("x.cloud.trassir.com.", Type.A, 0, false, false, true));
        reload("nxdomain", ", \"x.cloud.trassir.com\"", "");
        seen.clear();
        Message m = DnsClient.udp(resolver.udpAddress(), DnsClient.query("x.cloud.trassir.com.", Type.A),
                TestResolver.TIMEOUT);
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(m.getSection(Section.ANSWER).getFirst().rdataToString()).isEqualTo("192.0.2.12");
        assertThat(told().hit()).isNull();
    }

    @Test
    void aClientOutsideTheAccessListIsRefused() throws Exception {
        reload("nxdomain", "", "clients: { allow: [\"127.0.0.1/32\"] }\n");
        seen.clear();
        Message m = DnsClient.udp(resolver.udpAddress(), DnsClient.query("x.cloud.trassir.com.", Type.A),
                TestResolver.TIMEOUT, InetAddress.getByName("127.0.0.2"));
        assertThat(m.getRcode()).isEqualTo(Rcode.REFUSED);
        Seen refused = told();
        assertThat(refused.kind()).isEqualTo(ResolutionKind.REFUSED);
        assertThat(refused.atOnce()).isFalse();
        assertThat(refused.hit()).isNull();
    }

    @Test
    void countersAndTheDeviceTableCountFastBlocks() throws Exception {
        Metrics.Snapshot before = resolver.resolver().admin().metrics().snapshot();
        long rowBefore = deviceRow("127.0.0.6", "wild-entry-check.cloud.trassir.com");
        for (int i = 0; i < 4; i++) {
            DnsClient.udpRaw(resolver.udpAddress(), query("d" + i + ".cloud.trassir.com.", Type.A, 0, false, false,
                    true), TestResolver.TIMEOUT, InetAddress.getByName("127.0.0.6"));
        }
        for (int i = 0; i < 200 && seen.size() < 4; i++) {
            Thread.sleep(5);
        }
        assertThat(seen).hasSize(4).allMatch(Seen::atOnce);
        Metrics.Snapshot after = resolver.resolver().admin().metrics().snapshot();
        assertThat(after.count(ResolutionKind.BLOCKED) - before.count(ResolutionKind.BLOCKED)).isEqualTo(4);
        long listBefore = before.byList().containsKey("trassir") ? before.byList().get("trassir").blocked() : 0;
        assertThat(after.byList().get("trassir").blocked() - listBefore).isEqualTo(4);
        assertThat(rowBefore).isZero();
        DeviceTable.Device row = resolver.resolver().admin().devices().snapshot().stream()
                .filter(d -> d.client().getHostAddress().equals("127.0.0.6")).findFirst().orElseThrow();
        assertThat(row).extracting(DeviceTable.Device::list, DeviceTable.Device::entry, DeviceTable.Device::match,
                DeviceTable.Device::queries, DeviceTable.Device::blocked)
                .containsExactly("trassir", "cloud.trassir.com", MatchKind.QNAME, 4L, true);
    }

    private static long deviceRow(String client, String entry) {
        return resolver.resolver().admin().devices().snapshot().stream()
                .filter(d -> d.client().getHostAddress().equals(client) && d.entry().equals(entry))
                .mapToLong(DeviceTable.Device::queries).sum();
    }
}

package org.camsink.resolver.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.camsink.resolver.config.Config;
import org.camsink.resolver.config.ConfigLoader;
import org.camsink.resolver.events.Hit;
import org.camsink.resolver.events.MatchKind;
import org.camsink.resolver.pipeline.Query;
import org.camsink.resolver.pipeline.Resolution;
import org.camsink.resolver.pipeline.ResolutionKind;
import org.camsink.resolver.pipeline.Transport;
import org.camsink.resolver.testing.DnsClient;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/** The candidate table's rules and bounds, fed with the hits the blocking link produces. */
class CandidateTableTest {

    private final AtomicLong clock = new AtomicLong(1_000_000);

    @Test
    void onlyBundledVendorListsMakeACameraAndOnlyCamerasMakeCandidates() throws Exception {
        CandidateTable t = table("lists:\n  - source: builtin:trassir\n  - source: builtin:country-ru\n    action: log\n"
                + "  - source: own.txt\n    id: own\n    format: domains\n");
        InetAddress cam = InetAddress.getByName("192.168.1.20");
        InetAddress phone = InetAddress.getByName("192.168.1.30");
        InetAddress other = InetAddress.getByName("192.168.1.40");
        tell(t, phone, "x.new-brand.com", hit("country-ru", "5.0.0.0/8", MatchKind.IP, phone, "5.1.2.3"));
        tell(t, other, "a.own.example", hit("own", "own.example", MatchKind.QNAME, other, null));   // the owner's list
        tell(t, other, "b.country.example", hit("country-ru", "5.0.0.0/8", MatchKind.QNAME, other, null));
        tell(t, other, "x.new-brand.com", hit("country-ru", "5.0.0.0/8", MatchKind.IP, other, "5.1.2.3"));
        assertThat(t.snapshot()).isEmpty();
        assertThat(t.cameras()).isEmpty();

        tell(t, cam, "a.ru.cloud.trassir.com", hit("trassir", "cloud.trassir.com", MatchKind.QNAME, cam, null));
        tell(t, cam, "x.new-brand.com", hit("country-ru", "5.0.0.0/8", MatchKind.IP, cam, "5.1.2.3"));
        // no via: the query name itself was listed, so it is no candidate
        tell(t, cam, "y.listed.com", hit("country-ru", "5.0.0.0/8", MatchKind.IP, cam, null));
        // not under a public suffix: nothing to report
        tell(t, cam, "nas.lan", hit("country-ru", "5.0.0.0/8", MatchKind.IP, cam, "5.1.2.4"));
        assertThat(t.snapshot()).singleElement().satisfies(c -> {
            assertThat(c.domain()).isEqualTo("new-brand.com");
            assertThat(c.client()).isEqualTo(cam);
            assertThat(c.shareable()).isTrue();
        });
        assertThat(t.cameras()).extracting(CandidateTable.Camera::address).containsExactly("192.168.1.20");
    }

    @Test
    void onlyCandidatesFlaggedByABundledListAreSharedAndTheSinkGetsTheRegistrableDomainOnly() throws Exception {
        CandidateTable t = table("lists:\n  - source: builtin:trassir\n  - source: own.cidr\n    id: own\n    format: cidr\n");
        List<String> shared = new ArrayList<>();
        t.sink(shared::add);
        InetAddress cam = InetAddress.getByName("192.168.1.20");
        tell(t, cam, "a.cloud.trassir.com", hit("trassir", "cloud.trassir.com", MatchKind.QNAME, cam, null));
        tell(t, cam, "deep.sub.own-flagged.co.uk", hit("own", "198.51.100.0/24", MatchKind.IP, cam, "198.51.100.9"));
        tell(t, cam, "a.b.rebrand.example.co.uk", hit("trassir", "cloud.trassir.com", MatchKind.CNAME, cam,
                "x.cloud.trassir.com"));
        assertThat(shared).containsExactly("example.co.uk");
        assertThat(t.snapshot()).extracting(Candidate::domain, Candidate::shareable)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("own-flagged.co.uk", false),
                        org.assertj.core.groups.Tuple.tuple("example.co.uk", true));
    }

    @Test
    void aCameraAskingForEndlessNewNamesCannotGrowTheTable() throws Exception {
        CandidateTable t = table("discovery: { maxCandidates: 100 }\nlists:\n  - source: builtin:trassir\n");
        InetAddress cam = InetAddress.getByName("192.168.1.20");
        tell(t, cam, "a.cloud.trassir.com", hit("trassir", "cloud.trassir.com", MatchKind.QNAME, cam, null));
        for (int i = 0; i < 5000; i++) {
            clock.incrementAndGet();
            tell(t, cam, "n" + i + ".example.com", hit("trassir", "cloud.trassir.com", MatchKind.CNAME, cam, "x.cloud.trassir.com"));
            tell(t, cam, "n" + i + ".flood" + i + ".com", hit("trassir", "cloud.trassir.com", MatchKind.CNAME, cam, "x.cloud.trassir.com"));
            assertThat(t.size()).isLessThanOrEqualTo(100 + 100 / 8);
        }
        assertThat(t.evicted()).isGreaterThan(4000);
        // the most recent ones stay, and the one asked for all along (example.com) is among them
        assertThat(t.snapshot()).extracting(Candidate::domain).contains("flood4999.com", "example.com");
    }

    @Test
    void spoofedSourcesCannotGrowTheCameraSet() throws Exception {
        CandidateTable t = table("lists:\n  - source: builtin:trassir\n");
        for (int i = 0; i < 20_000; i++) {
            InetAddress a = InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i});
            clock.incrementAndGet();
            tell(t, a, "a.cloud.trassir.com", hit("trassir", "cloud.trassir.com", MatchKind.QNAME, a, null));
        }
        assertThat(t.cameras().size()).isLessThanOrEqualTo(CandidateTable.MAX_CAMERAS);
    }

    private CandidateTable table(String yaml) throws Exception {
        Config c = ConfigLoader.parse(yaml, java.nio.file.Path.of("/tmp/camsink-test.yaml"));
        return new CandidateTable(c, clock::get);
    }

    private static Hit hit(String list, String entry, MatchKind kind, InetAddress client, String via) {
        return new Hit(list, entry, kind, client, kind != MatchKind.IP, via);
    }

    private static void tell(CandidateTable t, InetAddress client, String name, Hit hit) {
        Query q = new Query(DnsClient.query(name + ".", Type.A), client, Transport.UDP, 512, false, System.nanoTime());
        t.onQuery(q, new Resolution(null, ResolutionKind.RESOLVED, "", hit), 0);
    }
}

package org.camsink.resolver.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.camsink.blocklists.catalogue.Catalogue;
import org.camsink.blocklists.catalogue.VendorList;
import org.camsink.blocklists.export.ExportFormat;
import org.camsink.blocklists.export.ExportRequest;
import org.camsink.resolver.blocking.format.ListContent;
import org.camsink.resolver.blocking.format.ListFormats;
import org.camsink.resolver.config.Config.ListFormat;
import org.camsink.resolver.net.Cidr;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/**
 * Every export that the resolver can load (dnsmasq included) is read back by the resolver's own parsers to exactly the entries that
 * were exported: the bundled catalogue plus a list with IPv4 and IPv6 ranges.
 */
class ExportReadBackTest {
    private static final Path LAB = Path.of("../blocklists/src/test/resources/fixtures/export/lab-vendor.yaml");

    private static ExportRequest request(boolean allLists) throws Exception {
        List<VendorList> lists = new ArrayList<>();
        for (VendorList l : Catalogue.builtins()) {
            if (allLists || l.blocks()) {
                lists.add(l);
            }
        }
        lists.add(Catalogue.read(LAB));
        return ExportRequest.of(lists, List.of(), Instant.parse("2026-11-27T08:00:00Z"), null, "rpz.camsink");
    }

    private static ListContent readBack(ExportFormat export, ListFormat format, ExportRequest request) {
        byte[] bytes = export.exporter().write(request).getBytes(StandardCharsets.UTF_8);
        ListContent content = ListFormats.parse(format, bytes, "camsink-export." + export.id());
        assertThat(content.problems()).as(export.id()).isEmpty();
        assertThat(content.invalidLines()).as(export.id()).isZero();
        assertThat(content.ignoredRules()).as(export.id()).isZero();
        return content;
    }

    private static List<String> domains(ExportRequest r, boolean block) {
        return r.domains().stream().filter(e -> e.block() == block).map(e -> e.domain()).toList();
    }

    @Test
    void domainsAdblockRpzAndDnsmasqReadBackAsTheSameSuffixes() throws Exception {
        ExportRequest request = request(false);
        List<String> expected = domains(request, true);
        assertThat(expected).contains("cloud.trassir.com", "relay.example-cam.test");
        for (ExportFormat f : List.of(ExportFormat.DOMAINS, ExportFormat.ADBLOCK, ExportFormat.RPZ, ExportFormat.DNSMASQ)) {
            ListContent c = readBack(f, ListFormat.valueOf(f.name()), request);
            assertSuffixes(c.domains(), expected, f.id());
            assertThat(c.exceptions().size()).as(f.id()).isZero();
        }
    }

    @Test
    void hostsReadsBackAsTheSameExactNames() throws Exception {
        ExportRequest request = request(false);
        List<String> expected = domains(request, true);
        ListContent c = readBack(ExportFormat.HOSTS, ListFormat.HOSTS, request);
        assertThat(c.domains().size()).isEqualTo(expected.size());
        for (String d : expected) {
            int match = c.domains().lookup(d);
            assertThat(match).as(d).isNotNegative();
            assertThat(DomainSet.entry(Name.fromString(d + "."), match)).isEqualTo(d);
        }
        assertThat(c.domains().lookup("trassir.com")).as("the parent stays unlisted").isNegative();
    }

    @Test
    void rpzOfAllListsKeepsLogListsAsPassthru() throws Exception {
        ExportRequest request = request(true);
        ListContent c = readBack(ExportFormat.RPZ, ListFormat.RPZ, request);
        assertSuffixes(c.domains(), domains(request, true), "rpz block");
        assertSuffixes(c.exceptions(), domains(request, false), "rpz passthru");
        assertRanges(c, request);
    }

    @Test
    void cidrAndRpzIpReadBackAsTheSameRanges() throws Exception {
        ExportRequest request = request(false);
        assertRanges(readBack(ExportFormat.CIDR, ListFormat.CIDR, request), request);
        assertRanges(readBack(ExportFormat.RPZ, ListFormat.RPZ, request), request);
    }

    private static void assertSuffixes(DomainSet set, List<String> expected, String what) throws Exception {
        assertThat(expected).as(what).isNotEmpty();
        for (String d : expected) {
            for (String name : List.of(d, "deep.sub." + d)) {
                int match = set.lookup(name);
                assertThat(match).as(what + ": " + name).isNotNegative();
                assertThat(DomainSet.entry(Name.fromString(name + "."), match).replace("*.", ""))
                        .as(what + ": " + name).isEqualTo(d);
            }
            String parent = d.substring(d.indexOf('.') + 1);
            if (!expected.contains(parent)) {
                assertThat(set.lookup(parent)).as(what + ": parent " + parent + " stays unlisted").isNegative();
            }
        }
        assertThat(set.lookup("storage.trassir.com")).as(what).isNegative();
    }

    private static void assertRanges(ListContent c, ExportRequest request) {
        var expected = request.entries().stream().filter(e -> !e.isDomain()).toList();
        assertThat(expected).hasSize(4);
        assertThat(c.ranges().size()).isEqualTo(expected.size());
        for (var e : expected) {
            IpRangeSet.Match m = c.ranges().find(e.prefix().network());
            assertThat(m).as(e.value()).isNotNull();
            assertThat(m.cidr()).as(e.value()).isEqualTo(Cidr.parse(e.value()));
        }
        assertThat(c.ranges().find(new byte[] {(byte) 203, 0, 113, 1})).isNull();
    }
}

package org.camsink.resolver.blocking.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.camsink.resolver.blocking.DomainSet;
import org.camsink.resolver.config.Config.ListFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/** dnsmasq syntax as a list format, its detection, and the one-line message for formats camsink does not read. */
class DnsmasqFormatTest {
    private static final String DNSMASQ = """
            # dnsmasq blocklist as people publish them
            address=/cloud.trassir.com/
            address=/secu100.net/0.0.0.0
            address=/xmeye.net/::
            address=/easy4ipcloud.com/#
            address=/m1.iotcplatform.com/m2.iotcplatform.com/127.0.0.1   # two names on one line
            local=/p2p.reolink.com/
            server=/.nvcam.net/
            server=/forwarded.example/192.0.2.53
            cache-size=1000
            ipset=/ipset.example/blocked
            """;
    private static final String DOMAINS = """
            cloud.trassir.com
            secu100.net
            xmeye.net
            easy4ipcloud.com
            m1.iotcplatform.com
            m2.iotcplatform.com
            p2p.reolink.com
            nvcam.net
            """;

    private static ListContent parse(ListFormat format, String name, String text) {
        return ListFormats.parse(format, text.getBytes(StandardCharsets.UTF_8), name);
    }

    private static List<String> entries(DomainSet set, List<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            int m = set.lookup(n);
            out.add(m < 0 ? null : DomainSet.entry(Name.fromConstantString(n + "."), m));
        }
        return out;
    }

    @Test
    void dnsmasqListLoadsTheSameDomainsAsTheDomainsList(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("camera-clouds.conf");
        Files.writeString(file, DNSMASQ);
        ListContent dnsmasq = ListFormats.read(null, file, file.toString());
        ListContent domains = parse(ListFormat.DOMAINS, "camera-clouds.txt", DOMAINS);

        assertThat(dnsmasq.domains().size()).isEqualTo(domains.domains().size()).isEqualTo(8);
        List<String> probes = new ArrayList<>();
        for (String d : DOMAINS.strip().split("\n")) {
            probes.add(d);
            probes.add("deep.sub." + d);
        }
        probes.addAll(List.of("trassir.com", "forwarded.example", "ipset.example", "m3.iotcplatform.com"));
        assertThat(entries(dnsmasq.domains(), probes)).isEqualTo(entries(domains.domains(), probes))
                .contains("cloud.trassir.com", "nvcam.net").containsNull();
        assertThat(dnsmasq.domains().lookup("forwarded.example")).as("server=/name/ADDR forwards").isNegative();
        assertThat(dnsmasq.invalidLines()).isZero();
        assertThat(dnsmasq.ignoredRules()).isEqualTo(3);
    }

    @Test
    void detectedFromTheContentWhateverTheName() {
        assertThat(ListFormats.detect("list.txt", "# x\nserver=/a.test/\n".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(ListFormat.DNSMASQ);
        assertThat(ListFormats.detect("https://h.test/dl?f=1", "local=/a.test/\n".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(ListFormat.DNSMASQ);
        assertThat(ListFormats.detect("l", "address=/a.test/0.0.0.0\n".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(ListFormat.DNSMASQ);
    }

    @Test
    void badDnsmasqLinesNameTheirLine() {
        ListContent c = parse(ListFormat.DNSMASQ, "d.conf", """
                address=/good.test/
                address=/bad_name!.test/
                address=//
                address=/#/
                address=/open.test
                address=no-slash.test
                """);
        assertThat(c.domains().size()).isEqualTo(1);
        assertThat(c.invalidLines()).isEqualTo(5);
        assertThat(c.problems()).satisfiesExactly(
                p -> assertThat(p).startsWith("d.conf:2: ").contains("bad_name!.test"),
                p -> assertThat(p).startsWith("d.conf:3: ").contains("names no domain"),
                p -> assertThat(p).startsWith("d.conf:4: ").contains("every name"),
                p -> assertThat(p).startsWith("d.conf:5: ").contains("no closing '/'"),
                p -> assertThat(p).startsWith("d.conf:6: ").contains("expected address=/name/"));
    }

    @Test
    void aFormatCamsinkDoesNotReadFailsInOneLine() {
        StringBuilder unbound = new StringBuilder("server:\n");
        StringBuilder junk = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            unbound.append("local-zone: \"n").append(i).append(".test.\" always_nxdomain\n");
            junk.append("this is not a rule ").append(i).append('\n');
        }
        assertThatThrownBy(() -> parse(null, "https://lists.test/unbound.conf", unbound.toString()))
                .isInstanceOf(ListFormatException.class)
                .hasMessage("https://lists.test/unbound.conf: looks like an Unbound configuration (local-zone:),"
                        + " a format camsink does not read as a list (it reads " + UnreadFormat.READ + ")");
        assertThatThrownBy(() -> parse(null, "page.txt", "<!DOCTYPE html>\n<html><body>not found</body></html>\n"))
                .isInstanceOf(ListFormatException.class).hasMessageContaining("page.txt: looks like an HTML");
        assertThatThrownBy(() -> parse(null, "l.json", "[\n  {\"domain\": \"a.test\"}\n]\n"))
                .hasMessageContaining("l.json: looks like JSON");
        assertThatThrownBy(() -> ListFormats.parse(null, new byte[] {0x1F, (byte) 0x8B, 8, 0, 0}, "l.gz"))
                .hasMessageContaining("l.gz: looks like a gzip archive");
        assertThatThrownBy(() -> parse(null, "junk.txt", junk.toString()))
                .isInstanceOf(ListFormatException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n")
                        .startsWith("junk.txt: not one of its 500 lines is a rule")
                        .contains("taken as domains").contains("junk.txt:1: "));
    }

    @Test
    void anAdblockHeaderIsNotTakenForJson() {
        ListContent c = parse(null, "a.txt", "[Adblock Plus 2.0]\n||a.test^\n");
        assertThat(c.domains().size()).isEqualTo(1);
    }
}

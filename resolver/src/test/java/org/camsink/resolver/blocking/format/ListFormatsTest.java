package org.camsink.resolver.blocking.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import org.camsink.resolver.blocking.DomainSet;
import org.camsink.resolver.blocking.IpRangeSet;
import org.camsink.resolver.blocking.Policy;
import org.camsink.resolver.config.Config.ListFormat;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class ListFormatsTest {

    private static ListContent parse(ListFormat format, String name, String text) {
        return ListFormats.parse(format, text.getBytes(StandardCharsets.UTF_8), name);
    }

    private static String match(DomainSet set, String qname) {
        Name n = Name.fromConstantString(qname + ".");
        int m = set.lookup(n);
        return m < 0 ? null : DomainSet.entry(n, m);
    }

    private static Policy policy(DomainSet set, String qname) {
        return DomainSet.policy(set.lookup(qname));
    }

    private static IpRangeSet.Match ip(IpRangeSet set, String address) throws Exception {
        return set.find(InetAddress.getByName(address).getAddress());
    }

    @Test
    void hostsFilesWithSeveralNamesCommentsAndBadLines() {
        ListContent c = parse(ListFormat.HOSTS, "block.hosts", """
                # a header comment
                127.0.0.1 localhost
                ::1 localhost ip6-localhost
                0.0.0.0 cloud.trassir.com   # inline comment
                127.0.0.1\tone.test two.test
                :: six.test
                0.0.0.0
                999.1.1.1 bad-address.test
                0.0.0.0 bad_name!.test good.test
                justaname.test
                """);
        assertThat(match(c.domains(), "x.Cloud.trassir.com")).isEqualTo("cloud.trassir.com");
        assertThat(match(c.domains(), "two.test")).isEqualTo("two.test");
        assertThat(match(c.domains(), "one.test")).isEqualTo("one.test");
        assertThat(match(c.domains(), "six.test")).isEqualTo("six.test");
        assertThat(match(c.domains(), "good.test")).isEqualTo("good.test");
        assertThat(match(c.domains(), "localhost")).isNull();
        assertThat(c.domains().size()).isEqualTo(5);
        assertThat(c.invalidLines()).isEqualTo(4);
        assertThat(c.problems()).satisfiesExactly(
                p -> assertThat(p).startsWith("block.hosts:7: ").contains("address and at least one name"),
                p -> assertThat(p).startsWith("block.hosts:8: ").contains("999.1.1.1"),
                p -> assertThat(p).startsWith("block.hosts:9: ").contains("bad_name!.test"),
                p -> assertThat(p).startsWith("block.hosts:10: "));
    }

    @Test
    void plainDomainLines() {
        ListContent c = parse(ListFormat.DOMAINS, "d.txt", """
                ! comment
                ; comment
                # comment
                trassir.com
                *.wild.test
                .dot.test
                Mixed.CASE.test.   # trailing dot and comment
                two words.test
                bad..name
                """);
        assertThat(match(c.domains(), "A.cloud.TRASSIR.com")).isEqualTo("trassir.com");
        assertThat(match(c.domains(), "wild.test")).isEqualTo("wild.test");
        assertThat(match(c.domains(), "x.dot.test")).isEqualTo("dot.test");
        assertThat(match(c.domains(), "mixed.case.test")).isEqualTo("mixed.case.test");
        assertThat(c.problems()).satisfiesExactly(
                p -> assertThat(p).startsWith("d.txt:8: ").contains("one domain name per line"),
                p -> assertThat(p).startsWith("d.txt:9: ").contains("empty label"));
    }

    @Test
    void adblockRulesExceptionsAndIgnoredCosmetics() {
        ListContent c = parse(ListFormat.ADBLOCK, "filters.txt", """
                [Adblock Plus 2.0]
                ! Title: test
                ||trassir.com^
                ||important.test^$important
                @@||ok.trassir.com^
                example.com##.banner
                ||ads.test/path^
                /regex/
                ||third.test^$third-party
                ||bad!name.test^
                ||*.star.test^
                plain.test
                0.0.0.0 hostsstyle.test
                """);
        assertThat(match(c.domains(), "a.trassir.com")).isEqualTo("trassir.com");
        assertThat(match(c.domains(), "important.test")).isEqualTo("important.test");
        assertThat(match(c.domains(), "x.star.test")).isEqualTo("star.test");
        assertThat(match(c.domains(), "plain.test")).isEqualTo("plain.test");
        assertThat(match(c.domains(), "hostsstyle.test")).isEqualTo("hostsstyle.test");
        assertThat(match(c.domains(), "third.test")).isNull();
        assertThat(match(c.exceptions(), "x.ok.trassir.com")).isEqualTo("ok.trassir.com");
        assertThat(c.ignoredRules()).isEqualTo(4);
        assertThat(c.invalidLines()).isEqualTo(1);
        assertThat(c.problems()).anySatisfy(p -> assertThat(p).startsWith("filters.txt:10: "));
        assertThat(c.problems()).anySatisfy(p -> assertThat(p).isEqualTo("filters.txt:6: ignored: cosmetic rule"));
    }

    @Test
    void rpzQnameAndIpTriggers() throws Exception {
        ListContent c = parse(ListFormat.RPZ, "feed.rpz", """
                $TTL 300
                $ORIGIN rpz.example.
                @ IN SOA ns.rpz.example. hostmaster.rpz.example. (
                        1 3600 600 86400 60 )
                  IN NS ns.rpz.example.
                nx.test CNAME .                 ; NXDOMAIN
                *.nx.test CNAME .
                nodata.test 60 IN CNAME *.
                drop.test CNAME rpz-drop.
                pass.nx.test CNAME rpz-passthru.
                local.test A 10.1.2.3
                abs.test.rpz.example. CNAME .
                outside.other. CNAME .
                32.1.0.0.10.rpz-ip CNAME .
                24.0.2.0.192.rpz-ip CNAME rpz-drop.
                64.zz.1.0.db8.2001.rpz-ip CNAME .
                128.1.zz.db8.2001.rpz-ip CNAME rpz-passthru.
                99.1.2.3.4.rpz-ip CNAME .
                ns.evil.rpz-nsdname CNAME .
                nocname.test CNAME
                """);
        assertThat(match(c.domains(), "nx.test")).isEqualTo("nx.test");
        assertThat(match(c.domains(), "a.nx.test")).isEqualTo("nx.test");
        assertThat(policy(c.domains(), "nx.test")).isEqualTo(Policy.NXDOMAIN);
        assertThat(match(c.domains(), "nodata.test")).isEqualTo("nodata.test");
        assertThat(match(c.domains(), "sub.nodata.test")).as("an RPZ name without *. is exact").isNull();
        assertThat(policy(c.domains(), "nodata.test")).isEqualTo(Policy.NODATA);
        assertThat(policy(c.domains(), "drop.test")).isEqualTo(Policy.DROP);
        assertThat(policy(c.domains(), "local.test")).isEqualTo(Policy.MODE);
        assertThat(match(c.domains(), "abs.test")).isEqualTo("abs.test");
        assertThat(match(c.exceptions(), "pass.nx.test")).isEqualTo("pass.nx.test");
        assertThat(ip(c.ranges(), "10.0.0.1").entry()).isEqualTo("10.0.0.1/32");
        assertThat(ip(c.ranges(), "10.0.0.2")).isNull();
        assertThat(ip(c.ranges(), "192.0.2.77").policy()).isEqualTo(Policy.DROP);
        assertThat(ip(c.ranges(), "2001:db8:0:1::99").entry()).isEqualTo("2001:db8:0:1:0:0:0:0/64");
        assertThat(ip(c.rangeExceptions(), "2001:db8::1")).isNotNull();
        assertThat(c.ignoredRules()).isEqualTo(1);
        assertThat(c.problems()).anySatisfy(p -> assertThat(p).startsWith("feed.rpz:13: ").contains("outside the zone"));
        assertThat(c.problems()).anySatisfy(p -> assertThat(p).startsWith("feed.rpz:18: ").contains("rpz-ip"));
        assertThat(c.problems()).anySatisfy(p -> assertThat(p).startsWith("feed.rpz:20: ").contains("without data"));
        assertThat(c.invalidLines()).isEqualTo(3);
    }

    @Test
    void rpzIpTriggerForms() {
        assertThat(RpzParser.rpzIp("32.1.0.0.10").toString()).isEqualTo("10.0.0.1/32");
        assertThat(RpzParser.rpzIp("8.0.0.0.10").toString()).isEqualTo("10.0.0.0/8");
        assertThat(RpzParser.rpzIp("128.1.zz").toString()).isEqualTo("0:0:0:0:0:0:0:1/128");
        assertThat(RpzParser.rpzIp("32.zz.db8.2001").toString()).isEqualTo("2001:db8:0:0:0:0:0:0/32");
        assertThat(RpzParser.rpzIp("128.8.7.6.5.4.3.2.1").toString()).isEqualTo("1:2:3:4:5:6:7:8/128");
        assertThatThrownBy(() -> RpzParser.rpzIp("128.1.zz.zz")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RpzParser.rpzIp("x.1.2.3.4")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cidrLists() throws Exception {
        ListContent c = parse(ListFormat.CIDR, "ranges.cidr", """
                # vendor ranges
                192.0.2.0/24
                198.51.100.7      # a single host
                2001:db8::/32 ; comment
                10.0.0.0/33
                not-an-address
                """);
        assertThat(ip(c.ranges(), "192.0.2.9").entry()).isEqualTo("192.0.2.0/24");
        assertThat(ip(c.ranges(), "198.51.100.7").entry()).isEqualTo("198.51.100.7/32");
        assertThat(ip(c.ranges(), "2001:db8:1::1")).isNotNull();
        assertThat(c.problems()).satisfiesExactly(
                p -> assertThat(p).startsWith("ranges.cidr:5: ").contains("prefix"),
                p -> assertThat(p).startsWith("ranges.cidr:6: "));
    }

    @Test
    void catalogueYamlEntriesAndDefaultAction() throws Exception {
        ListContent c = parse(null, "vendor.yaml", """
                id: vendor
                vendor: Example
                products: [Cam]
                operatorCountry: RU
                action: log
                reviewed: 2026-01-01
                why: test
                entries:
                  - domain: cloud.vendor.test
                    source: https://example.org/
                  - cidr: 192.0.2.0/24
                    source: https://example.org/
                  - domain: "bad domain"
                    source: https://example.org/
                """);
        assertThat(c.defaultAction()).isEqualTo("log");
        assertThat(match(c.domains(), "a.cloud.vendor.test")).isEqualTo("cloud.vendor.test");
        assertThat(ip(c.ranges(), "192.0.2.1")).isNotNull();
        assertThat(c.problems()).singleElement().asString().startsWith("vendor.yaml: entry 3: ");
    }

    @Test
    void brokenCatalogueYamlFailsAsAWholeWithItsLine() {
        assertThatThrownBy(() -> parse(ListFormat.CATALOGUE, "broken.yaml", "id: x\nentries: [\n  - : :\n"))
                .isInstanceOf(ListFormatException.class).hasMessageStartingWith("broken.yaml:");
    }

    @Test
    void detectsFormatsByExtensionAndContent() {
        assertThat(detect("x.rpz", "")).isEqualTo(ListFormat.RPZ);
        assertThat(detect("x.yml", "")).isEqualTo(ListFormat.CATALOGUE);
        assertThat(detect("x.netset", "")).isEqualTo(ListFormat.CIDR);
        assertThat(detect("https://h.test/list.txt?x=1", "# c\n||a.test^\n")).isEqualTo(ListFormat.ADBLOCK);
        assertThat(detect("l.txt", "[Adblock Plus 2.0]\n")).isEqualTo(ListFormat.ADBLOCK);
        assertThat(detect("l.txt", "$TTL 60\n")).isEqualTo(ListFormat.RPZ);
        assertThat(detect("l.txt", "a.test CNAME .\n")).isEqualTo(ListFormat.RPZ);
        assertThat(detect("l.txt", "# hosts\n0.0.0.0 a.test\n127.0.0.1 b.test\n")).isEqualTo(ListFormat.HOSTS);
        assertThat(detect("l.txt", "10.0.0.0/8\n2001:db8::/32\n")).isEqualTo(ListFormat.CIDR);
        assertThat(detect("l.txt", "a.test\nb.test\n")).isEqualTo(ListFormat.DOMAINS);
        assertThat(detect("l.txt", "")).isEqualTo(ListFormat.DOMAINS);
    }

    private static ListFormat detect(String name, String text) {
        return ListFormats.detect(name, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void windowsLineEndingsAndByteOrderMark() {
        ListContent c = parse(ListFormat.DOMAINS, "w.txt", "\uFEFFa.test\r\nb.test\r\n");
        assertThat(match(c.domains(), "a.test")).isEqualTo("a.test");
        assertThat(match(c.domains(), "b.test")).isEqualTo("b.test");
        assertThat(c.invalidLines()).isZero();
    }
}

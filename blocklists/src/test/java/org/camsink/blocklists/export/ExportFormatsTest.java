package org.camsink.blocklists.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.camsink.blocklists.net.IpPrefix;
import org.junit.jupiter.api.Test;

/** The structure of each export, for the formats whose consumers cannot run here (ipset, RouterOS). */
class ExportFormatsTest {

    @Test
    void rpzIpTriggersReverseTheAddressAndMarkTheZeroRunWithZz() {
        assertThat(RpzExporter.ipTrigger(IpPrefix.parse("192.0.2.0/24"))).isEqualTo("24.0.2.0.192.rpz-ip");
        assertThat(RpzExporter.ipTrigger(IpPrefix.parse("10.1.2.3/32"))).isEqualTo("32.3.2.1.10.rpz-ip");
        assertThat(RpzExporter.ipTrigger(IpPrefix.parse("2001:db8::/32"))).isEqualTo("32.zz.db8.2001.rpz-ip");
        assertThat(RpzExporter.ipTrigger(IpPrefix.parse("3fff:0:0:1::/64"))).isEqualTo("64.zz.1.0.0.3fff.rpz-ip");
        assertThat(RpzExporter.ipTrigger(IpPrefix.parse("2001:db8:1:2:3:4:5:6/128"))).isEqualTo("128.6.5.4.3.2.1.db8.2001.rpz-ip");
    }

    @Test
    void rpzHasApexRecordsBothNamesPerDomainAndPassthruForLogLists() throws Exception {
        String zone = ExportFormat.RPZ.exporter().write(ExportFixtures.request(null, "rpz.camsink"));
        assertThat(zone).contains("$TTL 300", "\tIN\tSOA\t", "@\tIN\tNS\tlocalhost.",
                "cloud.trassir.com\tCNAME\t.\n", "*.cloud.trassir.com\tCNAME\t.\n",
                "p2p.reolink.com\tCNAME\trpz-passthru.\n", "24.0.2.0.192.rpz-ip\tCNAME\t.\n",
                "; lists: trassir (block) aziguard (block)", "; generated 2026-11-27T08:00:00Z",
                "; trassir: cloud.trassir.com <- https://ru.cloud.trassir.com/");
    }

    @Test
    void textFormatsCarryEveryDomainAndAHeader() throws Exception {
        ExportRequest req = ExportFixtures.request(null, "camsink");
        assertThat(ExportFormat.HOSTS.exporter().write(req)).startsWith("# camsink blocklist export, format hosts")
                .contains("\n0.0.0.0 cloud.trassir.com\n").doesNotContain("192.0.2.0");
        assertThat(ExportFormat.DOMAINS.exporter().write(req)).contains("\ncloud.trassir.com\n", "\neasy4ipcloud.com\n");
        assertThat(ExportFormat.ADBLOCK.exporter().write(req)).startsWith("! camsink").contains("\n||cloud.trassir.com^\n");
        assertThat(ExportFormat.DNSMASQ.exporter().write(req)).contains("\naddress=/cloud.trassir.com/\n");
        assertThat(ExportFormat.UNBOUND.exporter().write(req)).contains("\nserver:\n",
                "\tlocal-zone: \"cloud.trassir.com.\" always_nxdomain\n");
        assertThat(ExportFormat.CIDR.exporter().write(req)).contains("\n192.0.2.0/24\n", "\n2001:db8::/32\n")
                .doesNotContain("\ncloud.trassir.com");
    }

    @Test
    void ipsetIsRestoreInputWithOneHashNetSetPerFamily() throws Exception {
        String out = ExportFormat.IPSET.exporter().write(ExportFixtures.request(null, "camsink"));
        List<String> lines = Arrays.asList(out.split("\n"));
        assertThat(lines).startsWith("create camsink-v4 hash:net family inet -exist", "flush camsink-v4");
        assertThat(lines).contains("add camsink-v4 192.0.2.0/24 -exist", "add camsink-v4 198.51.100.128/25 -exist",
                "create camsink-v6 hash:net family inet6 -exist", "flush camsink-v6", "add camsink-v6 2001:db8::/32 -exist");
        Pattern line = Pattern.compile("(create \\S+ hash:net family inet6? -exist|flush \\S+|add \\S+ [0-9a-f.:]+/\\d+ -exist)");
        assertThat(lines).allMatch(l -> line.matcher(l).matches(), "every line is a restore command");
        assertThat(lines.indexOf("create camsink-v6 hash:net family inet6 -exist"))
                .isGreaterThan(lines.indexOf("add camsink-v4 198.51.100.128/25 -exist"));
        assertThat(lines).noneMatch(l -> l.startsWith("add camsink-v4") && l.contains(":"));
    }

    @Test
    void mikrotikScriptIsOneCommandPerLineWithQuotedComments() throws Exception {
        String out = ExportFormat.MIKROTIK.exporter().write(ExportFixtures.request(
                new AntiBypass("192.168.88.2", "LAN", AntiBypass.Mode.REDIRECT), "camsink"));
        List<String> commands = Arrays.stream(out.split("\n")).filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
        assertThat(commands).allMatch(l -> l.startsWith("/ip ") || l.startsWith("/ipv6 "));
        assertThat(commands).allMatch(l -> l.chars().filter(c -> c == '"').count() % 2 == 0, "balanced quotes");
        assertThat(commands).contains(
                "/ip firewall address-list add list=\"camsink\" address=192.0.2.0/24 comment=\"lab-vendor https://example.com/ranges\"",
                "/ipv6 firewall address-list add list=\"camsink\" address=2001:db8::/32 comment=\"lab-vendor https://example.com/ranges\"",
                "/ip firewall address-list add list=\"camsink\" address=cloud.trassir.com comment=\"trassir https://ru.cloud.trassir.com/\"",
                "/ip firewall filter add chain=forward dst-address-list=\"camsink\" action=drop comment=\"camsink: vendor clouds\"",
                "/ip firewall nat add chain=dstnat in-interface-list=\"LAN\" src-address=!192.168.88.2 dst-address=!192.168.88.2"
                        + " protocol=udp dst-port=53 action=dst-nat to-addresses=192.168.88.2 to-ports=53 comment=\"camsink: plain DNS to camsink\"",
                "/ip firewall filter add chain=forward in-interface-list=\"LAN\" protocol=tcp dst-port=853 action=reject"
                        + " reject-with=tcp-reset comment=\"camsink: no DNS over TLS around camsink\"");
        assertThat(commands.get(0)).isEqualTo("/ip firewall address-list remove [find list=\"camsink\"]");
        assertThat(MikrotikExporter.quote("a \"b\" $c\\d")).isEqualTo("a \\\"b\\\" \\$c\\\\d");
    }

    @Test
    void antiBypassInDropModeDropsInsteadOfRedirecting() throws Exception {
        String nft = ExportFormat.NFTABLES.exporter().write(ExportFixtures.request(
                new AntiBypass("192.168.1.2", "br-lan", AntiBypass.Mode.DROP), "camsink"));
        assertThat(nft).doesNotContain("dnat").contains(
                "iifname \"br-lan\" ip daddr != 192.168.1.2 udp dport 53 counter drop",
                "iifname \"br-lan\" tcp dport 853 counter reject with tcp reset");
        String redirect = ExportFormat.NFTABLES.exporter().write(ExportFixtures.request(
                new AntiBypass("fd00::53", "br-lan", AntiBypass.Mode.REDIRECT), "camsink"));
        assertThat(redirect).contains("dnat ip6 to [fd00::53]:53", "meta nfproto ipv4 udp dport 53 counter drop");
    }

    @Test
    void antiBypassRejectsNamesAndBadInterfaces() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new AntiBypass("camsink.lan", "br-lan", AntiBypass.Mode.DROP))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new AntiBypass("192.168.1.2", "br-lan; flush ruleset", AntiBypass.Mode.DROP))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

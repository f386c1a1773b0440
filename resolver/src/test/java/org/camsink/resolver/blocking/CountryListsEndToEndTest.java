package org.camsink.resolver.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.camsink.resolver.config.ConfigLoader;
import org.camsink.resolver.events.Hit;
import org.camsink.resolver.events.MatchKind;
import org.camsink.resolver.pipeline.Resolution;
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
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The bundled country ranges in a resolver with the default lists, over real sockets with a real Unbound upstream:
 * an answer in Russian or Belarusian address space is answered as it is and recorded with the device; an owner who
 * switches the list to block gets it blocked.
 */
class CountryListsEndToEndTest {
    static UnboundUpstream unbound;
    static TestResolver resolver;
    static final List<Resolution> seen = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        // 2.56.24.0/22 is the first prefix of country-ru, 5.100.192.0/19 and 2001:67c:57c::/48 are in country-by
        unbound = UnboundUpstream.start(List.of(
                "ru-hosted.test. 300 IN A 2.56.24.77",
                "by-hosted.test. 300 IN A 5.100.200.1",
                "by-hosted.test. 300 IN AAAA 2001:67c:57c::1",
                "elsewhere.test. 300 IN A 192.0.2.10"), List.of());
        resolver = TestResolver.start(config("lists: []\n"));
        resolver.resolver().addListener((q, r, t) -> seen.add(r));
    }

    static String config(String lists) {
        return "upstreams: [\"" + unbound.hostPort() + "\"]\n" + lists;
    }

    @AfterAll
    static void stop() throws Exception {
        Fixtures.closeAll(resolver, unbound);
    }

    /** The country lists with no action: each list's own default applies (the test harness loads no list unasked). */
    @BeforeEach
    void defaults() throws Exception {
        use("lists:\n  - { source: builtin:trassir }\n  - { source: builtin:country-ru }\n"
                + "  - { source: builtin:country-by }\n");
    }

    static void use(String lists) throws Exception {
        Files.writeString(resolver.file(), TestResolver.withTestDefaults(config(lists)), StandardCharsets.UTF_8);
        resolver.resolver().reload(ConfigLoader.load(resolver.file()));
        seen.clear();
    }

    static Resolution last() throws InterruptedException {
        for (int i = 0; i < 200 && seen.isEmpty(); i++) {
            Thread.sleep(10);
        }
        assertThat(seen).isNotEmpty();
        return seen.getLast();
    }

    @Test
    void byDefaultAnAnswerInRussianAddressSpaceIsAnsweredAndRecordedWithTheDevice() throws Exception {
        Message m = resolver.udp(DnsClient.query("ru-hosted.test.", Type.A));
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(((ARecord) m.getSection(Section.ANSWER).getFirst()).getAddress().getHostAddress())
                .isEqualTo("2.56.24.77");
        assertThat(last().hit()).isEqualTo(new Hit("country-ru", "2.56.24.0/22", MatchKind.IP,
                InetAddress.getByName("127.0.0.1"), false, "2.56.24.77"));

        seen.clear();
        Message v6 = resolver.tcp(DnsClient.query("by-hosted.test.", Type.AAAA));
        assertThat(v6.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(((AAAARecord) v6.getSection(Section.ANSWER).getFirst()).getAddress().getHostAddress())
                .isEqualTo("2001:67c:57c:0:0:0:0:1");
        assertThat(last().hit()).extracting(Hit::list, Hit::entry, Hit::blocked)
                .containsExactly("country-by", "2001:67c:57c:0:0:0:0:0/48", false);

        seen.clear();
        resolver.udp(DnsClient.query("elsewhere.test.", Type.A));
        assertThat(last().hit()).isNull();
    }

    @Test
    void anOwnerCanSwitchACountryListToBlock() throws Exception {
        use("lists:\n  - { source: builtin:country-by, action: block }\n");
        Message m = resolver.udp(DnsClient.query("by-hosted.test.", Type.A));
        assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(last().hit()).extracting(Hit::list, Hit::entry, Hit::match, Hit::blocked)
                .containsExactly("country-by", "5.100.192.0/19", MatchKind.IP, true);
        seen.clear();
        Message ru = resolver.udp(DnsClient.query("ru-hosted.test.", Type.A));
        assertThat(ru.getRcode()).as("country-ru is not loaded in this config").isEqualTo(Rcode.NOERROR);
    }
}

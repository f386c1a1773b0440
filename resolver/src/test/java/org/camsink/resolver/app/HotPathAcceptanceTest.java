package org.camsink.resolver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.camsink.resolver.config.ConfigLoader;
import org.camsink.resolver.testing.DnsClient;
import org.camsink.resolver.testing.Fixtures;
import org.camsink.resolver.testing.TestResolver;
import org.camsink.resolver.testing.UnboundUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Repeated questions answered on the receiving thread, over real UDP through a real Unbound: the same answer as
 * the full path, counted by the query listeners, and never past the access list after a reload.
 */
class HotPathAcceptanceTest {
    static UnboundUpstream unbound;
    static TestResolver resolver;
    static final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        unbound = UnboundUpstream.start(List.of("hot.test. 300 IN A 192.0.2.20", "gone.test. 300 IN A 192.0.2.21"),
                List.of());
        resolver = TestResolver.start("upstreams: [\"" + unbound.hostPort() + "\"]\n");
        resolver.resolver().addListener((query, resolution, nanos) ->
                seen.add(query.name().toString().toLowerCase(java.util.Locale.ROOT) + " " + resolution.kind()));
    }

    @AfterAll
    static void stop() throws Exception {
        Fixtures.closeAll(resolver, unbound);
    }

    @Test
    void repeatedQuestionsGetTheSameAnswerAndAreCounted() throws Exception {
        Message first = resolver.udp(DnsClient.query("hot.test.", Type.A));
        for (int i = 0; i < 5; i++) {
            Message q = DnsClient.query(i % 2 == 0 ? "hot.test." : "HOT.Test.", Type.A);
            Message m = resolver.udp(q);
            assertThat(m.getHeader().getID()).isEqualTo(q.getHeader().getID());
            assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(m.getQuestion().getName()).hasToString(q.getQuestion().getName().toString());
            assertThat(m.getSection(Section.ANSWER)).hasSize(1);
            assertThat(((ARecord) m.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress())
                    .isEqualTo("192.0.2.20");
            assertThat(m.getSection(Section.ANSWER).get(0).getTTL())
                    .isBetween(first.getSection(Section.ANSWER).get(0).getTTL() - 5, 300L);
        }
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (seen.stream().filter(x -> x.startsWith("hot.test.")).count() < 6 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        // listeners run after the answer is sent, so their order may differ from the queries'
        assertThat(seen.stream().filter(x -> x.startsWith("hot.test.")).sorted().toList()).containsExactly(
                "hot.test. CACHED", "hot.test. CACHED", "hot.test. CACHED", "hot.test. CACHED", "hot.test. CACHED",
                "hot.test. RESOLVED");
    }

    @Test
    void aReloadThatDeniesTheClientStopsHotAnswersAtOnce() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(resolver.udp(DnsClient.query("gone.test.", Type.A)).getRcode()).isEqualTo(Rcode.NOERROR);
        }
        String yaml = TestResolver.withTestDefaults("upstreams: [\"" + unbound.hostPort() + "\"]\n"
                + "clients: { allow: [\"127.0.0.2/32\"] }\n");
        Files.writeString(resolver.file(), yaml, StandardCharsets.UTF_8);
        resolver.resolver().reload(ConfigLoader.load(resolver.file()));
        try {
            assertThat(resolver.udp(DnsClient.query("gone.test.", Type.A)).getRcode()).isEqualTo(Rcode.REFUSED);
        } finally {
            Files.writeString(resolver.file(), TestResolver.withTestDefaults(
                    "upstreams: [\"" + unbound.hostPort() + "\"]\n"), StandardCharsets.UTF_8);
            resolver.resolver().reload(ConfigLoader.load(resolver.file()));
        }
    }
}

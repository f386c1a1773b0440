package org.camsink.resolver.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.camsink.resolver.testing.DnsClient;
import org.camsink.resolver.testing.ScriptedUpstream;
import org.camsink.resolver.testing.TestResolver;
import org.camsink.resolver.testing.UnboundUpstream;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The cache over real sockets: hits, the unrelated-record defence, serve-stale and SERVFAIL. */
class CacheAcceptanceTest {

    static Record a(String name, long ttl, String address) throws IOException {
        return new ARecord(Name.fromString(name), DClass.IN, ttl, InetAddress.getByName(address));
    }

    /** Answers www.victim.test with the right address plus an unrelated record in every section. */
    static Message poisoned(Message q) {
        try {
            Message m = new Message();
            m.getHeader().setFlag(Flags.QR);
            m.getHeader().setFlag(Flags.RA);
            m.addRecord(q.getQuestion(), Section.QUESTION);
            if (q.getQuestion().getName().equals(Name.fromString("www.victim.test."))) {
                m.addRecord(a("www.victim.test.", 300, "192.0.2.80"), Section.ANSWER);
                m.addRecord(a("bank.test.", 300, "6.6.6.6"), Section.ANSWER);
                m.addRecord(a("bank.test.", 300, "6.6.6.7"), Section.ADDITIONAL);
            } else if (q.getQuestion().getName().equals(Name.fromString("bank.test."))) {
                m.addRecord(a("bank.test.", 300, "192.0.2.99"), Section.ANSWER);
            } else {
                m.getHeader().setRcode(Rcode.NXDOMAIN);
            }
            return m;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String yaml(String upstream, String extra) {
        return "upstreams: [\"" + upstream + "\"]\nupstream: { timeout: 500ms, attempts: 2 }\n" + extra;
    }

    @Test
    void secondQueryIsACacheHitWithItsOwnIdAndTheUpstreamSeesOnlyOne() throws Exception {
        try (ScriptedUpstream up = ScriptedUpstream.start(CacheAcceptanceTest::poisoned);
             TestResolver r = TestResolver.start(yaml(up.hostPort(), ""))) {
            Message q1 = DnsClient.query("www.victim.test.", Type.A);
            r.udp(q1);
            Message q2 = DnsClient.query("WWW.Victim.TEST.", Type.A);
            Message second = r.udp(q2);
            assertThat(up.queries()).isEqualTo(1);
            assertThat(second.getHeader().getID()).isEqualTo(q2.getHeader().getID());
            assertThat(second.getQuestion().getName().toString()).isEqualTo("WWW.Victim.TEST.");
            assertThat(second.getSection(Section.ANSWER).get(0).getTTL()).isBetween(299L, 300L);
            Message overTcp = r.tcp(DnsClient.query("www.victim.test.", Type.A));
            assertThat(overTcp.getSection(Section.ANSWER)).hasSize(1);
            assertThat(up.queries()).isEqualTo(1);
        }
    }

    @Test
    void anUnrelatedRecordInAnUpstreamAnswerIsNeverServed() throws Exception {
        try (ScriptedUpstream up = ScriptedUpstream.start(CacheAcceptanceTest::poisoned);
             TestResolver r = TestResolver.start(yaml(up.hostPort(), ""))) {
            Message first = r.udp(DnsClient.query("www.victim.test.", Type.A));
            assertThat(first.getSection(Section.ANSWER)).singleElement()
                    .satisfies(rec -> assertThat(rec.getName().toString()).isEqualTo("www.victim.test."));
            assertThat(first.getSection(Section.ADDITIONAL)).noneMatch(rec -> rec.getType() == Type.A);

            Message bank = r.udp(DnsClient.query("bank.test.", Type.A));
            assertThat(up.queries()).as("bank.test must go upstream, not come from cache").isEqualTo(2);
            assertThat(bank.getSection(Section.ANSWER)).singleElement()
                    .satisfies(rec -> assertThat(((ARecord) rec).getAddress().getHostAddress()).isEqualTo("192.0.2.99"));
        }
    }

    @Test
    void withTheUpstreamStoppedACachedNameIsAnsweredStaleAndAnUncachedOneGetsServfail() throws Exception {
        try (UnboundUpstream unbound = UnboundUpstream.start(List.of("stale.test. 1 IN A 192.0.2.55"), List.of());
             TestResolver r = TestResolver.start(yaml(unbound.hostPort(), ""))) {
            Message fresh = r.udp(DnsClient.query("stale.test.", Type.A));
            assertThat(fresh.getSection(Section.ANSWER)).hasSize(1);
            unbound.stop();
            Thread.sleep(1100); // let the 1 s TTL run out

            long start = System.nanoTime();
            Message stale = r.udp(DnsClient.query("stale.test.", Type.A));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(stale.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(stale.getSection(Section.ANSWER)).singleElement().satisfies(rec -> {
                assertThat(((ARecord) rec).getAddress().getHostAddress()).isEqualTo("192.0.2.55");
                assertThat(rec.getTTL()).isEqualTo(30);
            });

            start = System.nanoTime();
            Message uncached = r.udp(DnsClient.query("never.test.", Type.A));
            assertThat(uncached.getRcode()).isEqualTo(Rcode.SERVFAIL);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
        }
    }

    @Test
    void aSilentUpstreamDoesNotKeepAStaleAnswerWaiting() throws Exception {
        AtomicBoolean silent = new AtomicBoolean(false);
        try (ScriptedUpstream up = ScriptedUpstream.start(q -> {
                 if (silent.get()) {
                     return null;
                 }
                 try {
                     Message m = new Message();
                     m.getHeader().setFlag(Flags.QR);
                     m.addRecord(q.getQuestion(), Section.QUESTION);
                     m.addRecord(a("slow.test.", 1, "192.0.2.66"), Section.ANSWER);
                     return m;
                 } catch (IOException e) {
                     throw new IllegalStateException(e);
                 }
             });
             TestResolver r = TestResolver.start("upstreams: [\"" + up.hostPort() + "\"]\n"
                     + "upstream: { timeout: 3s, attempts: 2 }\n")) {
            r.udp(DnsClient.query("slow.test.", Type.A));
            silent.set(true);
            Thread.sleep(1100);
            long start = System.nanoTime();
            Message m = DnsClient.udp(r.udpAddress(), DnsClient.query("slow.test.", Type.A), Duration.ofSeconds(4));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(m.getSection(Section.ANSWER)).singleElement().satisfies(rec -> assertThat(rec.getTTL()).isEqualTo(30));
            assertThat(took).isBetween(Duration.ofMillis(1500), Duration.ofMillis(2900)); // well short of one 3 s attempt
        }
    }

    @Test
    void serveStaleOffMeansServfail() throws Exception {
        try (UnboundUpstream unbound = UnboundUpstream.start(List.of("stale.test. 1 IN A 192.0.2.55"), List.of());
             TestResolver r = TestResolver.start(yaml(unbound.hostPort(), "cache: { serveStale: false }\n"))) {
            r.udp(DnsClient.query("stale.test.", Type.A));
            unbound.stop();
            Thread.sleep(1100);
            assertThat(r.udp(DnsClient.query("stale.test.", Type.A)).getRcode()).isEqualTo(Rcode.SERVFAIL);
        }
    }
}

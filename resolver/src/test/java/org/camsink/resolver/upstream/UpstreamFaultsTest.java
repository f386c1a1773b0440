package org.camsink.resolver.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.camsink.resolver.testing.DnsClient;
import org.camsink.resolver.testing.FaultyUpstream;
import org.camsink.resolver.testing.TestResolver;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Faults from a scripted upstream over real UDP and TCP ({@link FaultyUpstream}): silence, a wrong ID, a wrong
 * question, the question in another letter case, TC over UDP with a TCP answer that is truncated again or cut off,
 * FORMERR and NOTIMP for our own query, a 20-hop CNAME chain, unrelated additional records and a TXT answer of 60 KB. For each: the client gets SERVFAIL
 * or the right data, only an answer to the question asked is cached (a second query shows whether it reached the
 * upstream again), and the resolver answers a normal query afterwards.
 */
class UpstreamFaultsTest {
    static final String NORMAL = "normal.test.";

    static String yaml(FaultyUpstream up) {
        return "upstreams: [\"" + up.hostPort() + "\"]\nupstream: { timeout: 300ms, attempts: 2 }\n"
                + "cache: { serveStale: false }\n";
    }

    /** A response to {@code query} with its ID and question, and these answer records. */
    static Message reply(Message query, Record... answers) {
        Message m = new Message(query.getHeader().getID());
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setFlag(Flags.RA);
        m.getHeader().setFlag(Flags.RD);
        m.addRecord(query.getQuestion(), Section.QUESTION);
        for (Record r : answers) {
            m.addRecord(r, Section.ANSWER);
        }
        return m;
    }

    static Record a(Name name, String address) throws IOException {
        return new ARecord(name, DClass.IN, 300, InetAddress.getByName(address));
    }

    static Record a(String name, String address) throws IOException {
        return a(Name.fromString(name), address);
    }

    /** The right answer for the normal name, else {@code faulty}'s replies. */
    static FaultyUpstream.Script normalOr(FaultyUpstream.Script faulty) {
        return (q, tcp) -> q.getQuestion().getName().equals(Name.fromString(NORMAL))
                ? List.of(reply(q, a(NORMAL, "192.0.2.1")).toWire())
                : faulty.replies(q, tcp);
    }

    static void stillAnswers(TestResolver r) throws IOException {
        Message m = r.udp(DnsClient.query(NORMAL, Type.A));
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(m.getSection(Section.ANSWER)).hasSize(1);
        assertThat(r.tcp(DnsClient.query(NORMAL, Type.A)).getSection(Section.ANSWER)).hasSize(1);
    }

    static Message ask(TestResolver r, String name, int type) throws IOException {
        return r.udp(DnsClient.query(name, type));
    }

    @Test
    void silenceIsServfailAndNothingIsCached() throws Exception {
        try (FaultyUpstream up = FaultyUpstream.start(normalOr((q, tcp) -> List.of()));
             TestResolver r = TestResolver.start(yaml(up))) {
            assertThat(ask(r, "silent.test.", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
            int seen = up.queries();
            assertThat(seen).as("both attempts").isEqualTo(2);
            assertThat(ask(r, "silent.test.", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
            assertThat(up.queries()).as("SERVFAIL is not cached").isEqualTo(seen + 2);
            stillAnswers(r);
        }
    }

    @Test
    void aReplyWithTheWrongIdIsIgnoredAndTheRightOneStillCounts() throws Exception {
        try (FaultyUpstream up = FaultyUpstream.start(normalOr((q, tcp) -> {
            Message forged = reply(q, a(q.getQuestion().getName(), "6.6.6.6"));
            forged.getHeader().setID(q.getHeader().getID() ^ 0x5A5A);
            List<byte[]> out = new ArrayList<>(List.of(forged.toWire()));
            if (q.getQuestion().getName().toString().startsWith("late")) {
                out.add(reply(q, a(q.getQuestion().getName(), "192.0.2.2")).toWire());
            }
            return out;
        })); TestResolver r = TestResolver.start(yaml(up))) {
            assertThat(ask(r, "forged.test.", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
            Message late = ask(r, "late.test.", Type.A);
            assertThat(late.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(((ARecord) late.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress())
                    .isEqualTo("192.0.2.2");
            int seen = up.queries();
            assertThat(ask(r, "late.test.", Type.A).getSection(Section.ANSWER)).hasSize(1);
            assertThat(up.queries()).as("the right answer was cached").isEqualTo(seen);
            stillAnswers(r);
        }
    }

    @Test
    void anAnswerToAnotherQuestionIsNeitherServedNorCached() throws Exception {
        try (FaultyUpstream up = FaultyUpstream.start(normalOr((q, tcp) -> {
            Name asked = q.getQuestion().getName();
            if (asked.equals(Name.fromString("bank.test."))) {
                return List.of(reply(q, a("bank.test.", "192.0.2.99")).toWire());
            }
            Message other = new Message(q.getHeader().getID());
            other.getHeader().setFlag(Flags.QR);
            other.addRecord(Record.newRecord(Name.fromString("bank.test."), Type.A, DClass.IN), Section.QUESTION);
            other.addRecord(a("bank.test.", "6.6.6.6"), Section.ANSWER);
            Message otherType = reply(q);
            otherType.removeAllRecords(Section.QUESTION);
            otherType.addRecord(Record.newRecord(asked, Type.AAAA, DClass.IN), Section.QUESTION);
            otherType.addRecord(a(asked, "6.6.6.7"), Section.ANSWER);
            return List.of(other.toWire(), otherType.toWire());
        })); TestResolver r = TestResolver.start(yaml(up))) {
            assertThat(ask(r, "www.victim.test.", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
            int seen = up.queries();
            Message bank = ask(r, "bank.test.", Type.A);
            assertThat(up.queries()).as("bank.test was not cached from the forged reply").isEqualTo(seen + 1);
            assertThat(((ARecord) bank.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress())
                    .isEqualTo("192.0.2.99");
            stillAnswers(r);
        }
    }

    @Test
    void theQuestionInAnotherLetterCaseIsTheSameQuestion() throws Exception {
        try (FaultyUpstream up = FaultyUpstream.start(normalOr((q, tcp) -> {
            Name shouted = Name.fromString(q.getQuestion().getName().toString().toUpperCase());
            Message m = reply(q, a(shouted, "192.0.2.3"));
            m.removeAllRecords(Section.QUESTION);
            m.addRecord(Record.newRecord(shouted, Type.A, DClass.IN), Section.QUESTION);
            return List.of(m.toWire());
        })); TestResolver r = TestResolver.start(yaml(up))) {
            Message m = ask(r, "MiXeD.case.test.", Type.A);
            assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(m.getQuestion().getName().toString()).as("the client's own case").isEqualTo("MiXeD.case.test.");
            assertThat(((ARecord) m.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress())
                    .isEqualTo("192.0.2.3");
            int seen = up.queries();
            assertThat(ask(r, "mixed.CASE.test.", Type.A).getSection(Section.ANSWER)).hasSize(1);
            assertThat(up.queries()).isEqualTo(seen);
            stillAnswers(r);
        }
    }

    @Test
    void anErrorAboutOurOwnQueryIsTheUpstreamsFailureNotTheClients() throws Exception {
        try (FaultyUpstream up = FaultyUpstream.start(normalOr((q, tcp) -> {
            Message m = reply(q);
            m.getHeader().setRcode(q.getQuestion().getName().toString().startsWith("formerr")
                    ? Rcode.FORMERR : Rcode.NOTIMP);
            return List.of(m.toWire());
        })); TestResolver r = TestResolver.start(yaml(up))) {
            assertThat(ask(r, "formerr.test.", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
            assertThat(ask(r, "notimp.test.", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
            assertThat(up.queries()).as("each was tried again").isEqualTo(4);
            stillAnswers(r);
        }
    }

    @Test
    void truncationOverUdpAndAgainOverTcpEndsInServfailNotALoop() throws Exception {
        try (FaultyUpstream up = FaultyUpstream.start(normalOr((q, tcp) -> {
            String name = q.getQuestion().getName().toString();
            Message tc = reply(q);
            tc.getHeader().setFlag(Flags.TC);
            // with an SOA, so a TC answer taken for a whole one would be cached as "no such record"
            tc.addRecord(new SOARecord(Name.fromString("test."), DClass.IN, 300, Name.fromString("ns.test."),
                    Name.fromString("host.test."), 1, 2, 3, 4, 300), Section.AUTHORITY);
            if (!tcp) {
                return List.of(tc.toWire());
            }
            if (name.startsWith("cut")) {
                byte[] whole = reply(q, a(q.getQuestion().getName(), "192.0.2.4")).toWire();
                return List.of(java.util.Arrays.copyOf(whole, whole.length - 5));
            }
            if (name.startsWith("ok")) {
                return List.of(reply(q, a(q.getQuestion().getName(), "192.0.2.4")).toWire());
            }
            return List.of(tc.toWire());
        })); TestResolver r = TestResolver.start(yaml(up))) {
            long start = System.nanoTime();
            Message again = ask(r, "tc-again.test.", Type.A);
            assertThat(again.getRcode()).as("TC over TCP too").isEqualTo(Rcode.SERVFAIL);
            assertThat(again.getSection(Section.ANSWER)).isEmpty();
            assertThat(again.getHeader().getFlag(Flags.TC)).as("no TC loop for the client").isFalse();
            assertThat(ask(r, "cut.test.", Type.A).getRcode()).as("a TCP answer cut short").isEqualTo(Rcode.SERVFAIL);
            assertThat((System.nanoTime() - start) / 1_000_000).as("bounded by the timeouts").isLessThan(10_000);
            int seen = up.queries();
            ask(r, "tc-again.test.", Type.A);
            assertThat(up.queries()).as("a truncated answer is never cached").isGreaterThan(seen);
            Message ok = ask(r, "ok.test.", Type.A);
            assertThat(ok.getSection(Section.ANSWER)).hasSize(1);
            assertThat(up.tcpQueries()).isPositive();
            stillAnswers(r);
        }
    }

    @Test
    void aTwentyHopCnameChainIsServfailAndUnrelatedExtrasAreDropped() throws Exception {
        try (FaultyUpstream up = FaultyUpstream.start(normalOr((q, tcp) -> {
            Name current = q.getQuestion().getName();
            int hops = current.toString().startsWith("sixteen") ? ResponseSanitizer.MAX_CHAIN : 20;
            Message m = reply(q);
            for (int i = 0; i < hops; i++) {
                Name next = Name.fromString("hop" + i + ".chain.test.");
                m.addRecord(new CNAMERecord(current, DClass.IN, 300, next), Section.ANSWER);
                current = next;
            }
            m.addRecord(a(current, "192.0.2.5"), Section.ANSWER);
            m.addRecord(a("bank.test.", "6.6.6.6"), Section.ADDITIONAL);
            m.addRecord(a("hop3.chain.test.", "6.6.6.8"), Section.ADDITIONAL);
            return List.of(m.toWire());
        })); TestResolver r = TestResolver.start(yaml(up))) {
            Message m = ask(r, "start.chain.test.", Type.A);
            assertThat(m.getRcode()).as("a chain past %d links", ResponseSanitizer.MAX_CHAIN).isEqualTo(Rcode.SERVFAIL);
            assertThat(m.getSection(Section.ANSWER)).isEmpty();
            int seen = up.queries();
            ask(r, "start.chain.test.", Type.A);
            assertThat(up.queries()).as("the broken chain was not cached").isGreaterThan(seen);

            Message ok = ask(r, "sixteen.chain.test.", Type.A);
            assertThat(ok.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(ok.getSection(Section.ADDITIONAL)).as("unrelated additional records").isEmpty();
            List<Record> answer = ok.getSection(Section.ANSWER);
            assertThat(answer).hasSize(ResponseSanitizer.MAX_CHAIN + 1);
            Name expected = Name.fromString("sixteen.chain.test.");
            for (Record rec : answer) {
                assertThat(rec.getName()).as("every answer record continues the chain").isEqualTo(expected);
                assertThat(rec.rdataToString()).doesNotContain("6.6.6.");
                expected = rec instanceof CNAMERecord c ? c.getTarget() : null;
            }
            seen = up.queries();
            assertThat(ask(r, "sixteen.chain.test.", Type.A).getSection(Section.ANSWER)).hasSize(17);
            assertThat(up.queries()).as("the whole chain was cached").isEqualTo(seen);
            stillAnswers(r);
        }
    }

    @Test
    void aHugeTxtAnswerIsTruncatedOverUdpAndWholeOverTcp() throws Exception {
        // over UDP the upstream answers TC, or for udp.* an 8 KB datagram, past the 1232 bytes we advertise
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < 230; i++) {
            strings.add(String.valueOf((char) ('a' + i % 26)).repeat(255));
        }
        try (FaultyUpstream up = FaultyUpstream.start(normalOr((q, tcp) -> {
            Message m = reply(q, new TXTRecord(q.getQuestion().getName(), DClass.IN, 300, strings));
            if (!tcp && q.getQuestion().getName().toString().startsWith("udp")) {
                return List.of(reply(q, new TXTRecord(q.getQuestion().getName(), DClass.IN, 300,
                        strings.subList(0, 30))).toWire());
            }
            if (!tcp) {
                Message tc = reply(q);
                tc.getHeader().setFlag(Flags.TC);
                return List.of(tc.toWire());
            }
            return List.of(m.toWire());
        })); TestResolver r = TestResolver.start(yaml(up))) {
            Message q = DnsClient.query("big.test.", Type.TXT);
            q.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
            byte[] udp = DnsClient.udpRaw(r.udpAddress(), q.toWire(), TestResolver.TIMEOUT, null);
            assertThat(udp.length).isLessThanOrEqualTo(1232);
            Message overUdp = new Message(udp);
            assertThat(overUdp.getHeader().getFlag(Flags.TC)).isTrue();
            byte[] plain = DnsClient.udpRaw(r.udpAddress(), DnsClient.query("big.test.", Type.TXT).toWire(),
                    TestResolver.TIMEOUT, null);
            assertThat(plain.length).as("no EDNS: 512 bytes at most").isLessThanOrEqualTo(512);
            Message overTcp = r.tcp(DnsClient.query("big.test.", Type.TXT));
            assertThat(overTcp.getHeader().getFlag(Flags.TC)).isFalse();
            TXTRecord txt = (TXTRecord) overTcp.getSection(Section.ANSWER).get(0);
            assertThat(txt.getStrings()).isEqualTo(strings);
            int seen = up.queries();
            assertThat(r.tcp(DnsClient.query("big.test.", Type.TXT)).getSection(Section.ANSWER)).hasSize(1);
            assertThat(up.queries()).as("the whole answer was cached").isEqualTo(seen);
            int tcpBefore = up.tcpQueries();
            Message oversized = r.tcp(DnsClient.query("udp.big.test.", Type.TXT));
            assertThat(oversized.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(((TXTRecord) oversized.getSection(Section.ANSWER).get(0)).getStrings())
                    .as("a datagram larger than we read is asked again over TCP").isEqualTo(strings);
            assertThat(up.tcpQueries()).isEqualTo(tcpBefore + 1);
            stillAnswers(r);
        }
    }
}

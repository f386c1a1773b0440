package org.camsink.resolver.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class ResponseSanitizerTest {
    static Record rec(String text) throws IOException {
        String[] f = text.split("\\s+", 4);
        return Record.fromString(Name.fromString(f[0]), Type.value(f[2]), DClass.IN, Long.parseLong(f[1]), f[3], Name.root);
    }

    static Message reply(String qname, int qtype, List<String> answer, List<String> authority, List<String> additional)
            throws IOException {
        Message m = new Message(7);
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setFlag(Flags.RA);
        m.addRecord(Record.newRecord(Name.fromString(qname), qtype, DClass.IN), Section.QUESTION);
        for (String s : answer) m.addRecord(rec(s), Section.ANSWER);
        for (String s : authority) m.addRecord(rec(s), Section.AUTHORITY);
        for (String s : additional) m.addRecord(rec(s), Section.ADDITIONAL);
        return m;
    }

    static List<String> names(Message m, int section) {
        return m.getSection(section).stream().map(r -> r.getName() + " " + Type.string(r.getType())).toList();
    }

    @Test
    void keepsTheCnameChainAndDropsUnrelatedAnswers() throws Exception {
        Message in = reply("www.shop.test.", Type.A, List.of(
                "www.shop.test. 300 CNAME edge.cdn.test.",
                "edge.cdn.test. 300 CNAME node.cdn.test.",
                "node.cdn.test. 300 A 192.0.2.7",
                "bank.test. 300 A 6.6.6.6",
                "node.cdn.test. 300 TXT \"unasked\""), List.of(), List.of());
        Message out = ResponseSanitizer.sanitize(in.getQuestion(), in);
        assertThat(names(out, Section.ANSWER)).containsExactly(
                "www.shop.test. CNAME", "edge.cdn.test. CNAME", "node.cdn.test. A");
        assertThat(out.getHeader().getID()).isEqualTo(7);
        assertThat(out.getHeader().getFlag(Flags.RA)).isTrue();
    }

    @Test
    void keepsTheSoaOfTheZoneForNegativeAnswersButNotForeignAuthority() throws Exception {
        Message in = reply("nx.example.test.", Type.A, List.of(),
                List.of("example.test. 300 SOA ns.example.test. h.example.test. 1 2 3 4 60",
                        "bank.test. 300 NS ns.evil.test.",
                        "org. 300 SOA a.org. b.org. 1 2 3 4 5"),
                List.of("ns.evil.test. 300 A 6.6.6.6"));
        in.getHeader().setRcode(Rcode.NXDOMAIN);
        Message out = ResponseSanitizer.sanitize(in.getQuestion(), in);
        assertThat(out.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(names(out, Section.AUTHORITY)).containsExactly("example.test. SOA");
        assertThat(out.getSection(Section.ADDITIONAL)).isEmpty();
    }

    @Test
    void keepsGlueOnlyForReferencedNamesInsideTheZone() throws Exception {
        Message in = reply("example.test.", Type.NS, List.of("example.test. 300 NS ns1.example.test."),
                List.of("example.test. 300 NS ns1.example.test."),
                List.of("ns1.example.test. 300 A 192.0.2.53", "www.bank.test. 300 A 6.6.6.6",
                        "unreferenced.example.test. 300 A 6.6.6.6"));
        Message out = ResponseSanitizer.sanitize(in.getQuestion(), in);
        assertThat(names(out, Section.ADDITIONAL)).containsExactly("ns1.example.test. A");
    }

    @Test
    void anyKeepsEveryTypeAtTheNameOnly() throws Exception {
        Message in = reply("a.test.", Type.ANY, List.of("a.test. 300 A 192.0.2.1", "a.test. 300 TXT \"x\"",
                "b.test. 300 A 6.6.6.6"), List.of(), List.of());
        Message out = ResponseSanitizer.sanitize(in.getQuestion(), in);
        assertThat(names(out, Section.ANSWER)).containsExactly("a.test. A", "a.test. TXT");
    }

    @Test
    void aCnameLoopIsServfailWithNothingKept() throws Exception {
        Message in = reply("a.test.", Type.A, List.of("a.test. 300 CNAME b.test.", "b.test. 300 CNAME a.test."),
                List.of(), List.of());
        Message out = ResponseSanitizer.sanitize(in.getQuestion(), in);
        assertThat(out.getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(out.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void anExtendedRcodeDoesNotBecomeNoerrorWhenTheOptRecordIsDropped() throws Exception {
        Message in = reply("a.test.", Type.A, List.of("a.test. 300 A 192.0.2.1"), List.of(), List.of());
        in.addRecord(new org.xbill.DNS.OPTRecord(1232, 1, 0), Section.ADDITIONAL); // BADVERS: 16 = 1 << 4 | 0
        assertThat(in.getRcode()).isEqualTo(Rcode.BADVERS);
        Message out = ResponseSanitizer.sanitize(in.getQuestion(), in);
        assertThat(out.getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(out.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void aChainOfMaxChainLinksIsKeptAndOneMoreIsServfail() throws Exception {
        for (int links : new int[] {ResponseSanitizer.MAX_CHAIN, ResponseSanitizer.MAX_CHAIN + 1}) {
            List<String> answer = new java.util.ArrayList<>();
            String current = "a.test.";
            for (int i = 0; i < links; i++) {
                answer.add(current + " 300 CNAME hop" + i + ".test.");
                current = "hop" + i + ".test.";
            }
            answer.add(current + " 300 A 192.0.2.1");
            Message in = reply("a.test.", Type.A, answer, List.of(), List.of());
            Message out = ResponseSanitizer.sanitize(in.getQuestion(), in);
            if (links == ResponseSanitizer.MAX_CHAIN) {
                assertThat(out.getRcode()).isEqualTo(Rcode.NOERROR);
                assertThat(out.getSection(Section.ANSWER)).hasSize(links + 1);
            } else {
                assertThat(out.getRcode()).isEqualTo(Rcode.SERVFAIL);
                assertThat(out.getSection(Section.ANSWER)).isEmpty();
            }
        }
    }
}

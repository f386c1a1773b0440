package org.camsink.resolver.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import org.camsink.resolver.testing.DnsClient;
import org.camsink.resolver.testing.ScriptedUpstream;
import org.camsink.resolver.testing.TestResolver;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The CD bit is part of the cache key, over real sockets. The scripted upstream behaves like a validating
 * resolver: {@code bogus.test} fails validation, so it is SERVFAIL with CD=0 and data with CD=1; {@code
 * both.test} answers a different address for each, so a crossed cache entry shows at once. Every question is
 * asked several times over UDP (the repeats go through the cache and then the receiving thread's hot answers)
 * and once over TCP.
 */
class CheckingDisabledTest {
    private static final String UNCHECKED = "192.0.2.66";
    private static final String CHECKED = "192.0.2.1";

    static Message validating(Message q) {
        boolean cd = q.getHeader().getFlag(Flags.CD);
        Message m = new Message();
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setFlag(Flags.RA);
        Record question = q.getQuestion();
        m.addRecord(question, Section.QUESTION);
        boolean bogus = question.getName().toString().equals("bogus.test.");
        if (bogus && !cd) {
            m.getHeader().setRcode(Rcode.SERVFAIL);
            return m;
        }
        try {
            m.addRecord(new ARecord(question.getName(), question.getDClass(), 300,
                    InetAddress.getByName(cd ? UNCHECKED : CHECKED)), Section.ANSWER);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return m;
    }

    private static Message query(String name, boolean cd) {
        Message q = DnsClient.query(name, Type.A);
        if (cd) {
            q.getHeader().setFlag(Flags.CD);
        }
        return q;
    }

    private static String address(Message reply) {
        assertThat(reply.getRcode()).as("rcode of %s", reply).isEqualTo(Rcode.NOERROR);
        return ((ARecord) reply.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress();
    }

    @Test
    void anAnswerThatSkippedValidationIsNeverServedToAClientThatAskedForIt() throws Exception {
        try (ScriptedUpstream up = ScriptedUpstream.start(CheckingDisabledTest::validating);
             TestResolver r = TestResolver.start("upstreams: [\"" + up.hostPort() + "\"]\n"
                     + "upstream: { timeout: 500ms, attempts: 1 }\n")) {
            for (int i = 0; i < 4; i++) {
                assertThat(address(r.udp(query("bogus.test.", true)))).isEqualTo(UNCHECKED);
            }
            assertThat(up.queries()).as("the CD=1 answer is cached").isEqualTo(1);
            for (int i = 0; i < 4; i++) {
                Message checked = r.udp(query("bogus.test.", false));
                assertThat(checked.getRcode()).as("CD=0 after a cached CD=1 answer").isEqualTo(Rcode.SERVFAIL);
                assertThat(checked.getSection(Section.ANSWER)).isEmpty();
            }
            assertThat(r.tcp(query("bogus.test.", false)).getRcode()).isEqualTo(Rcode.SERVFAIL);
            assertThat(address(r.tcp(query("bogus.test.", true)))).isEqualTo(UNCHECKED);
        }
    }

    @Test
    void eachValueOfTheBitHasItsOwnEntryInBothOrders() throws Exception {
        try (ScriptedUpstream up = ScriptedUpstream.start(CheckingDisabledTest::validating);
             TestResolver r = TestResolver.start("upstreams: [\"" + up.hostPort() + "\"]\n")) {
            assertThat(address(r.udp(query("both.test.", false)))).isEqualTo(CHECKED);
            assertThat(address(r.udp(query("both.test.", true)))).isEqualTo(UNCHECKED);
            assertThat(address(r.udp(query("other.test.", true)))).isEqualTo(UNCHECKED);
            assertThat(address(r.udp(query("other.test.", false)))).isEqualTo(CHECKED);
            assertThat(up.queries()).as("one upstream query per name and bit").isEqualTo(4);
            for (int i = 0; i < 4; i++) {
                for (String name : new String[] {"both.test.", "other.test."}) {
                    assertThat(address(r.udp(query(name, false)))).isEqualTo(CHECKED);
                    assertThat(address(r.udp(query(name, true)))).isEqualTo(UNCHECKED);
                }
            }
            assertThat(address(r.tcp(query("both.test.", false)))).isEqualTo(CHECKED);
            assertThat(address(r.tcp(query("both.test.", true)))).isEqualTo(UNCHECKED);
            assertThat(up.queries()).as("every repeat came from the cache").isEqualTo(4);
        }
    }
}

package org.camsink.resolver.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import org.camsink.resolver.testing.DnsClient;
import org.camsink.resolver.testing.Fixtures;
import org.camsink.resolver.testing.TestResolver;
import org.camsink.resolver.testing.UnboundUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The OPT record rules over real sockets: FORMERR where RFC 6891 and RFC 7873 ask for it, and a padded query answered
 * without its padding coming back or being kept.
 */
class EdnsRulesTest {
    static UnboundUpstream unbound;
    static TestResolver resolver;
    static final Duration WAIT = TestResolver.TIMEOUT;

    @BeforeAll
    static void start() throws Exception {
        unbound = UnboundUpstream.start(List.of("plain.test. 300 IN A 192.0.2.10"), List.of());
        resolver = TestResolver.start("upstreams: [\"" + unbound.hostPort() + "\"]\n");
    }

    @AfterAll
    static void stop() throws Exception {
        Fixtures.closeAll(resolver, unbound);
    }

    /** A query for plain.test. A whose additional section is {@code additional} (ARCOUNT {@code count}). */
    static byte[] withAdditional(int count, byte[]... additional) throws Exception {
        byte[] base = DnsClient.query("plain.test.", Type.A).toWire();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(base);
        for (byte[] a : additional) {
            out.write(a);
        }
        byte[] p = out.toByteArray();
        p[11] = (byte) count;
        return p;
    }

    /** An OPT record owned by {@code owner} (wire form) with {@code rdata}. */
    static byte[] opt(byte[] owner, byte[] rdata) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(owner);
        out.writeBytes(new byte[] {0, 41, 0x04, (byte) 0xD0, 0, 0, 0, 0, (byte) (rdata.length >>> 8), (byte) rdata.length});
        out.writeBytes(rdata);
        return out.toByteArray();
    }

    static int rcode(byte[] reply) {
        return reply[3] & 0x0F;
    }

    static final byte[] ROOT = {0};

    @Test
    void twoOptRecordsAreFormerr() throws Exception {
        byte[] q = withAdditional(2, opt(ROOT, new byte[0]), opt(ROOT, new byte[0]));
        assertThat(rcode(DnsClient.udpRaw(resolver.udpAddress(), q, WAIT, null))).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void anOptRecordNotOwnedByTheRootIsFormerr() throws Exception {
        byte[] q = withAdditional(1, opt(new byte[] {1, 'a', 0}, new byte[0]));
        assertThat(rcode(DnsClient.udpRaw(resolver.udpAddress(), q, WAIT, null))).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void anOptionThatRunsPastItsRecordIsFormerr() throws Exception {
        byte[] q = withAdditional(1, opt(ROOT, new byte[] {0, 12, 0, 9, 0, 0}));
        assertThat(rcode(DnsClient.udpRaw(resolver.udpAddress(), q, WAIT, null))).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void aCookieOfABadLengthIsFormerr() throws Exception {
        for (int length : new int[] {5, 12, 41}) {
            byte[] rdata = new byte[4 + length];
            rdata[1] = 10;
            rdata[3] = (byte) length;
            byte[] q = withAdditional(1, opt(ROOT, rdata));
            assertThat(rcode(DnsClient.udpRaw(resolver.udpAddress(), q, WAIT, null))).as("cookie of %d", length)
                    .isEqualTo(Rcode.FORMERR);
        }
    }

    @Test
    void aQueryPaddedTo64KiBOverTcpIsAnsweredWithoutItsPadding() throws Exception {
        Message q = DnsClient.query("plain.test.", Type.A);
        q.addRecord(new OPTRecord(1232, 0, 0, 0, List.<EDNSOption>of(new GenericEDNSOption(12, new byte[65_000]))),
                Section.ADDITIONAL);
        Message r = resolver.tcp(q);
        assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(r.getSection(Section.ANSWER)).hasSize(1);
        assertThat(r.getOPT().getOptions()).isEmpty();
        assertThat(r.toWire().length).isLessThan(200);
        assertThat(resolver.udp(DnsClient.query("plain.test.", Type.A)).getRcode()).isEqualTo(Rcode.NOERROR);
    }
}

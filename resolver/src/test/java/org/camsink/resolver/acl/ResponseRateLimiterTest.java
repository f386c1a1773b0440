package org.camsink.resolver.acl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.camsink.resolver.acl.ResponseRateLimiter.Verdict;
import org.camsink.resolver.config.Config;
import org.camsink.resolver.config.ConfigLoader;
import org.camsink.resolver.net.Cidr;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

class ResponseRateLimiterTest {
    final AtomicLong nanos = new AtomicLong(5_000_000_000L);

    ResponseRateLimiter rrl(long rate, int slip) {
        return new ResponseRateLimiter(new Config.Rrl(true, rate, slip, 24, 56, 4096), List.of(), nanos::get);
    }

    static List<Verdict> answers(ResponseRateLimiter l, String client, String name, int rcode, int n) throws Exception {
        InetAddress a = InetAddress.getByName(client);
        long hash = ResponseRateLimiter.nameHash(Name.fromString(name));
        List<Verdict> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(l.check(a, hash, Type.A, rcode));
        }
        return out;
    }

    static long count(List<Verdict> v, Verdict which) {
        return v.stream().filter(x -> x == which).count();
    }

    @Test
    void pastTheRateEverySlipthAnswerIsTruncatedAndTheRestDropped() throws Exception {
        ResponseRateLimiter l = rrl(10, 2);
        List<Verdict> v = answers(l, "192.0.2.1", "a.test.", Rcode.NOERROR, 110);
        assertThat(v.subList(0, 10)).containsOnly(Verdict.SEND);
        assertThat(v.subList(10, 14)).containsExactly(Verdict.DROP, Verdict.SLIP, Verdict.DROP, Verdict.SLIP);
        assertThat(count(v, Verdict.SLIP)).isEqualTo(50);
        assertThat(l.slipped()).isEqualTo(50);
        assertThat(l.dropped()).isEqualTo(50);
        nanos.addAndGet(1_000_000_000L);
        assertThat(count(answers(l, "192.0.2.1", "a.test.", Rcode.NOERROR, 20), Verdict.SEND)).isEqualTo(10);
    }

    @Test
    void slipOneTruncatesEveryLimitedAnswerAndSlipZeroDropsThemAll() throws Exception {
        assertThat(answers(rrl(1, 1), "192.0.2.1", "a.test.", Rcode.NOERROR, 5).subList(1, 5)).containsOnly(Verdict.SLIP);
        assertThat(answers(rrl(1, 0), "192.0.2.1", "a.test.", Rcode.NOERROR, 5).subList(1, 5)).containsOnly(Verdict.DROP);
    }

    @Test
    void aBucketIsOneNetworkAndOneAnswer() throws Exception {
        ResponseRateLimiter l = rrl(5, 2);
        answers(l, "192.0.2.1", "a.test.", Rcode.NOERROR, 5);
        assertThat(answers(l, "192.0.2.200", "A.TEST.", Rcode.NOERROR, 1)).as("same /24, same name in any case")
                .containsExactly(Verdict.DROP);
        assertThat(answers(l, "192.0.3.1", "a.test.", Rcode.NOERROR, 5)).as("another /24").containsOnly(Verdict.SEND);
        assertThat(answers(l, "192.0.2.1", "b.test.", Rcode.NOERROR, 5)).as("another name").containsOnly(Verdict.SEND);
        assertThat(answers(l, "192.0.2.1", "a.test.", Rcode.NXDOMAIN, 5)).as("another rcode").containsOnly(Verdict.SEND);
    }

    @Test
    void allErrorsOfANetworkShareOneBucketWhateverTheName() throws Exception {
        ResponseRateLimiter l = rrl(3, 2);
        answers(l, "192.0.2.1", "x1.test.", Rcode.SERVFAIL, 1);
        answers(l, "192.0.2.1", "x2.test.", Rcode.REFUSED, 1);
        answers(l, "192.0.2.1", "x3.test.", Rcode.SERVFAIL, 1);
        assertThat(answers(l, "192.0.2.1", "x4.test.", Rcode.SERVFAIL, 1)).containsExactly(Verdict.DROP);
    }

    @Test
    void exemptClientsAndADisabledLimitPassEverything() throws Exception {
        ResponseRateLimiter exempt = new ResponseRateLimiter(new Config.Rrl(true, 1, 2, 24, 56, 4096),
                Config.RateLimit.LOOPBACK, nanos::get);
        assertThat(answers(exempt, "127.0.0.1", "a.test.", Rcode.NOERROR, 100)).containsOnly(Verdict.SEND);
        assertThat(answers(exempt, "::1", "a.test.", Rcode.NOERROR, 100)).containsOnly(Verdict.SEND);
        ResponseRateLimiter off = new ResponseRateLimiter(new Config.Rrl(false, 1, 2, 24, 56, 4096), List.of(),
                nanos::get);
        assertThat(answers(off, "192.0.2.1", "a.test.", Rcode.NOERROR, 100)).containsOnly(Verdict.SEND);
        List<Cidr> lan = List.of(Cidr.parse("192.168.0.0/16"));
        assertThat(answers(new ResponseRateLimiter(new Config.Rrl(true, 1, 2, 24, 56, 4096), lan, nanos::get),
                "192.168.7.7", "a.test.", Rcode.NOERROR, 10)).containsOnly(Verdict.SEND);
    }

    @Test
    void theDefaultsAreNsds() {
        Config.Rrl d = ConfigLoader.defaults().clients().rrl();
        assertThat(d.enabled()).isTrue();
        assertThat(d.responsesPerSecond()).isEqualTo(200);
        assertThat(d.slip()).isEqualTo(2);
        assertThat(d.ipv4Prefix()).isEqualTo(24);
    }

    @Test
    void theWireAndParsedNameHashesAgree() throws Exception {
        Name n = Name.fromString("Cloud.Trassir.COM.");
        byte[] wire = n.toWire();
        byte[] packet = new byte[12 + wire.length];
        System.arraycopy(wire, 0, packet, 12, wire.length);
        assertThat(ResponseRateLimiter.nameHash(packet, 12, packet.length)).isEqualTo(ResponseRateLimiter.nameHash(n));
    }
}

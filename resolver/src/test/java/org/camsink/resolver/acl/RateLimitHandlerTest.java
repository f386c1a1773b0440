package org.camsink.resolver.acl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.camsink.resolver.config.Config;
import org.camsink.resolver.pipeline.Query;
import org.camsink.resolver.pipeline.Resolution;
import org.camsink.resolver.pipeline.ResolutionKind;
import org.camsink.resolver.pipeline.Transport;
import org.camsink.resolver.testing.DnsClient;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

class RateLimitHandlerTest {
    static Query query(String client, Transport transport) throws Exception {
        return new Query(DnsClient.query("a.test.", Type.A), InetAddress.getByName(client), transport, 512, false, 0);
    }

    @Test
    void overTheLimitUdpIsDroppedAndTcpRefused() throws Exception {
        RateLimitHandler h = new RateLimitHandler(new RateLimiter(new Config.RateLimit(true, 1, 1), () -> 0L));
        h.handle(query("192.168.5.6", Transport.TCP), q -> Resolution.of(null, ResolutionKind.RESOLVED, "next"));
        Resolution passed = h.handle(query("192.168.5.5", Transport.UDP), q -> Resolution.of(null, ResolutionKind.RESOLVED, "next"));
        assertThat(passed.reason()).isEqualTo("next");
        Resolution dropped = h.handle(query("192.168.5.5", Transport.UDP), q -> Resolution.of(null, ResolutionKind.RESOLVED, "next"));
        assertThat(dropped.kind()).isEqualTo(ResolutionKind.DROPPED);
        assertThat(dropped.response()).isNull();
        Resolution refused = h.handle(query("192.168.5.6", Transport.TCP), q -> Resolution.of(null, ResolutionKind.RESOLVED, "next"));
        assertThat(refused.kind()).isEqualTo(ResolutionKind.REFUSED);
        assertThat(refused.response().getRcode()).isEqualTo(Rcode.REFUSED);
    }
}

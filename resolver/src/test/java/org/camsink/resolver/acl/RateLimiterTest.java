package org.camsink.resolver.acl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.camsink.resolver.config.Config;
import org.camsink.resolver.config.ConfigLoader;
import org.camsink.resolver.net.Cidr;
import org.camsink.resolver.pipeline.Transport;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    RateLimiter limiter(long qps, long burst) {
        return new RateLimiter(new Config.RateLimit(true, qps, burst), nanos::get);
    }

    RateLimiter limiter(long qps, long burst, int v4, int v6, List<Cidr> exempt, Config.Aggregate aggregate) {
        return new RateLimiter(new Config.RateLimit(true, qps, burst, v4, v6, exempt, aggregate, 4096), nanos::get);
    }

    static int allowed(RateLimiter l, String address, int tries) throws Exception {
        return allowed(l, address, tries, Transport.UDP);
    }

    static int allowed(RateLimiter l, String address, int tries, Transport transport) throws Exception {
        InetAddress a = InetAddress.getByName(address);
        int n = 0;
        for (int i = 0; i < tries; i++) {
            if (l.allow(a, transport)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void burstThenRefillAtTheConfiguredRate() throws Exception {
        RateLimiter l = limiter(100, 200);
        assertThat(allowed(l, "192.168.1.5", 500)).isEqualTo(200);
        nanos.addAndGet(500_000_000L); // half a second: 50 more
        assertThat(allowed(l, "192.168.1.5", 500)).isEqualTo(50);
        nanos.addAndGet(60_000_000_000L); // a minute: the bucket is full again, never more than burst
        assertThat(allowed(l, "192.168.1.5", 500)).isEqualTo(200);
        assertThat(l.limitedByClient()).isEqualTo(300 + 450 + 300);
    }

    @Test
    void bucketsArePerAddressAndPerSlash64ByDefault() throws Exception {
        RateLimiter l = limiter(10, 10);
        assertThat(allowed(l, "192.168.1.5", 20)).isEqualTo(10);
        assertThat(allowed(l, "192.168.1.200", 20)).as("a neighbour in the same /24 keeps its own bucket").isEqualTo(10);
        assertThat(allowed(l, "::ffff:192.168.1.5", 20)).as("IPv4-mapped is the same client").isZero();
        assertThat(allowed(l, "2001:db8:0:1100::1", 20)).isEqualTo(10);
        assertThat(allowed(l, "2001:db8:0:1100:ffff::9", 20)).as("same /64: one device's privacy addresses").isZero();
        assertThat(allowed(l, "2001:db8:0:1101::1", 20)).isEqualTo(10);
    }

    @Test
    void prefixLengthsAreConfigurable() throws Exception {
        RateLimiter l = limiter(10, 10, 24, 56, List.of(), Config.Aggregate.OFF);
        assertThat(allowed(l, "192.168.1.5", 20)).isEqualTo(10);
        assertThat(allowed(l, "192.168.1.200", 20)).as("same /24").isZero();
        assertThat(allowed(l, "192.168.2.5", 20)).isEqualTo(10);
        assertThat(allowed(l, "2001:db8:0:1100::1", 20)).isEqualTo(10);
        assertThat(allowed(l, "2001:db8:0:11ff::9", 20)).as("same /56").isZero();
    }

    @Test
    void theAggregateCapsANetworkButAFloodersRefusedQueriesCostItNothing() throws Exception {
        RateLimiter l = limiter(10, 10, 32, 64, List.of(), new Config.Aggregate(25, 25, 24, 56));
        assertThat(allowed(l, "10.1.2.3", 100_000)).as("the flooder gets its own burst").isEqualTo(10);
        assertThat(allowed(l, "10.1.2.4", 20)).as("its neighbour is untouched by the flood").isEqualTo(10);
        assertThat(allowed(l, "10.1.2.5", 20)).as("the network has 5 tokens left").isEqualTo(5);
        assertThat(allowed(l, "10.1.3.5", 20)).as("another network").isEqualTo(10);
        assertThat(l.limitedByClient()).isEqualTo(99_990 + 10 + 10 + 10);
        assertThat(l.limitedByNetwork()).isEqualTo(5);
    }

    @Test
    void theAggregateDoesNotApplyOverTcpWhereTheSourceIsProven() throws Exception {
        RateLimiter l = limiter(10, 10, 32, 64, List.of(), new Config.Aggregate(10, 10, 24, 56));
        assertThat(allowed(l, "10.1.2.3", 20)).isEqualTo(10);
        assertThat(allowed(l, "10.1.2.4", 20)).as("the network is spent over UDP").isZero();
        assertThat(allowed(l, "10.1.2.5", 20, Transport.TCP)).isEqualTo(10);
    }

    @Test
    void loopbackIsExemptByDefault() throws Exception {
        RateLimiter l = limiter(1, 1);
        assertThat(allowed(l, "127.0.0.1", 10_000)).isEqualTo(10_000);
        assertThat(allowed(l, "127.0.0.2", 10_000)).isEqualTo(10_000);
        assertThat(allowed(l, "::1", 10_000)).isEqualTo(10_000);
        assertThat(allowed(l, "::ffff:127.0.0.1", 10_000)).isEqualTo(10_000);
        assertThat(l.clientSlotsUsed()).isZero();
        assertThat(ConfigLoader.defaults().clients().rateLimit().exempt())
                .containsExactlyElementsOf(Config.RateLimit.LOOPBACK);
    }

    @Test
    void exemptIsConfigurable() throws Exception {
        RateLimiter l = limiter(1, 1, 32, 64, List.of(Cidr.parse("192.168.1.0/24")), Config.Aggregate.OFF);
        assertThat(allowed(l, "127.0.0.1", 5)).as("loopback is limited when exempt leaves it out").isEqualTo(1);
        assertThat(allowed(l, "192.168.1.77", 5)).isEqualTo(5);
    }

    @Test
    void defaultsLetAHomeRouterForwardAThousandQueriesPerSecond() throws Exception {
        RateLimiter l = new RateLimiter(ConfigLoader.defaults().clients().rateLimit(), nanos::get);
        assertThat(l.settings().qps()).isGreaterThanOrEqualTo(1000);
        for (int second = 0; second < 10; second++) {
            assertThat(allowed(l, "192.168.1.1", 1500)).isEqualTo(1500);
            assertThat(allowed(l, "192.168.1.2", 1500)).isEqualTo(1500);
            nanos.addAndGet(1_000_000_000L);
        }
    }

    @Test
    void disabledLimitsNobody() throws Exception {
        RateLimiter l = new RateLimiter(new Config.RateLimit(false, 1, 1), nanos::get);
        assertThat(allowed(l, "192.168.1.1", 100)).isEqualTo(100);
    }

    @Test
    void spoofedSourcesRecycleSlotsAndNeverGrowTheTable() throws Exception {
        RateLimiter l = limiter(10, 10, 32, 64, List.of(), Config.Aggregate.OFF);
        int slots = l.clientSlots();
        for (int i = 0; i < 200_000; i++) {
            nanos.incrementAndGet();
            l.allow(InetAddress.getByAddress(new byte[] {10, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i}));
        }
        assertThat(l.clientSlots()).isEqualTo(slots);
        assertThat(l.clientSlotsUsed()).isEqualTo(slots);
    }

    @Test
    void aClientInUseKeepsItsBucketWhileOthersCome() throws Exception {
        RateLimiter l = limiter(10, 10, 32, 64, List.of(), Config.Aggregate.OFF);
        InetAddress flooder = InetAddress.getByName("10.9.9.9");
        int passed = 0;
        for (int i = 0; i < 100_000; i++) {
            nanos.incrementAndGet(); // 100 µs in all: no refill worth a token
            if (l.allow(flooder)) {
                passed++;
            }
            l.allow(InetAddress.getByAddress(new byte[] {10, 0, (byte) (i >>> 8), (byte) i}));
        }
        assertThat(passed).as("the least recently used slot is recycled, never the busy one").isEqualTo(10);
    }
}

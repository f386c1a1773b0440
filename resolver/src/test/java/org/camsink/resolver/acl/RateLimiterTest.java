package org.camsink.resolver.acl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.camsink.resolver.config.Config;
import org.camsink.resolver.config.ConfigLoader;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    RateLimiter limiter(long qps, long burst) {
        return new RateLimiter(new Config.RateLimit(true, qps, burst), nanos::get);
    }

    static int allowed(RateLimiter l, String address, int tries) throws Exception {
        InetAddress a = InetAddress.getByName(address);
        int n = 0;
        for (int i = 0; i < tries; i++) {
            if (l.allow(a)) {
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
    }

    @Test
    void bucketsArePerSlash24AndPerSlash56() throws Exception {
        RateLimiter l = limiter(10, 10);
        assertThat(allowed(l, "192.168.1.5", 20)).isEqualTo(10);
        assertThat(allowed(l, "192.168.1.200", 20)).as("same /24 shares the bucket").isZero();
        assertThat(allowed(l, "192.168.2.5", 20)).isEqualTo(10);
        assertThat(allowed(l, "2001:db8:0:1100::1", 20)).isEqualTo(10);
        assertThat(allowed(l, "2001:db8:0:11ff::9", 20)).as("same /56").isZero();
        assertThat(allowed(l, "2001:db8:0:1200::1", 20)).isEqualTo(10);
    }

    @Test
    void loopbackIsNeverLimited() throws Exception {
        RateLimiter l = limiter(1, 1);
        assertThat(allowed(l, "127.0.0.1", 10_000)).isEqualTo(10_000);
        assertThat(allowed(l, "127.0.0.2", 10_000)).isEqualTo(10_000);
        assertThat(allowed(l, "::1", 10_000)).isEqualTo(10_000);
        assertThat(allowed(l, "::ffff:127.0.0.1", 10_000)).isEqualTo(10_000);
        assertThat(l.buckets()).isZero();
    }

    @Test
    void defaultsLetAHomeRouterForwardAThousandQueriesPerSecond() throws Exception {
        RateLimiter l = new RateLimiter(ConfigLoader.defaults().clients().rateLimit(), nanos::get);
        assertThat(l.settings().qps()).isGreaterThanOrEqualTo(1000);
        for (int second = 0; second < 10; second++) {
            assertThat(allowed(l, "192.168.1.1", 1500)).isEqualTo(1500);
            nanos.addAndGet(1_000_000_000L);
        }
    }

    @Test
    void disabledLimitsNobody() throws Exception {
        RateLimiter l = new RateLimiter(new Config.RateLimit(false, 1, 1), nanos::get);
        assertThat(allowed(l, "192.168.1.1", 100)).isEqualTo(100);
    }

    @Test
    void bucketMemoryIsBounded() throws Exception {
        RateLimiter l = limiter(10, 10);
        for (int i = 0; i < RateLimiter.MAX_BUCKETS + 5000; i++) {
            l.allow(InetAddress.getByAddress(new byte[] {10, (byte) (i >>> 16), (byte) (i >>> 8), 1}));
        }
        assertThat(l.buckets()).isLessThanOrEqualTo(RateLimiter.MAX_BUCKETS);
    }
}

package org.camsink.resolver.acl;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.camsink.resolver.config.Config;

/**
 * A token bucket per client network: the /24 for IPv4, the /56 for IPv6 (one household's delegated prefix).
 * Loopback clients are never limited. Buckets refill at {@code qps} up to {@code burst}.
 *
 * <p>Memory is bounded: at most {@link #MAX_BUCKETS} buckets. When that many exist, buckets that are full again
 * (their clients have been quiet) are dropped; if all are busy, the map is cleared, which errs towards
 * answering.
 */
public final class RateLimiter {
    static final int MAX_BUCKETS = 65_536;

    private final Config.RateLimit settings;
    private final LongSupplier nanos;
    private final ConcurrentHashMap<Prefix, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(Config.RateLimit settings, LongSupplier nanoClock) {
        this.settings = settings;
        this.nanos = nanoClock;
    }

    public RateLimiter(Config.RateLimit settings) {
        this(settings, System::nanoTime);
    }

    public Config.RateLimit settings() {
        return settings;
    }

    /** True when this query may go on. */
    public boolean allow(InetAddress client) {
        if (!settings.enabled() || client.isLoopbackAddress()) {
            return true;
        }
        byte[] a = ClientAcl.unmapped(client.getAddress());
        if (a.length == 4 && (a[0] & 0xFF) == 127) {
            return true;
        }
        Prefix key = Prefix.of(a);
        Bucket b = buckets.get(key);
        if (b == null) {
            if (buckets.size() >= MAX_BUCKETS) {
                shrink();
            }
            b = buckets.computeIfAbsent(key, k -> new Bucket(settings.burst(), nanos.getAsLong()));
        }
        return b.take(settings.qps(), settings.burst(), nanos.getAsLong());
    }

    int buckets() {
        return buckets.size();
    }

    private void shrink() {
        long now = nanos.getAsLong();
        Iterator<Bucket> it = buckets.values().iterator();
        while (it.hasNext()) {
            if (it.next().fullAt(settings.qps(), settings.burst(), now)) {
                it.remove();
            }
        }
        if (buckets.size() >= MAX_BUCKETS) {
            buckets.clear();
        }
    }

    /** The network part of an address: 3 bytes for IPv4, 7 bytes for IPv6. */
    private record Prefix(byte[] bytes) {
        static Prefix of(byte[] address) {
            return new Prefix(Arrays.copyOf(address, address.length == 4 ? 3 : 7));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Prefix p && Arrays.equals(bytes, p.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }

    /** Tokens are kept in millionths so that refill never loses fractions. */
    private static final class Bucket {
        private long microTokens;
        private long last;

        Bucket(long burst, long now) {
            this.microTokens = burst * 1_000_000;
            this.last = now;
        }

        synchronized boolean take(long qps, long burst, long now) {
            refill(qps, burst, now);
            if (microTokens >= 1_000_000) {
                microTokens -= 1_000_000;
                return true;
            }
            return false;
        }

        synchronized boolean fullAt(long qps, long burst, long now) {
            refill(qps, burst, now);
            return microTokens >= burst * 1_000_000;
        }

        private void refill(long qps, long burst, long now) {
            long elapsed = Math.max(0, now - last);
            last = now;
            // qps tokens per second = qps micro-tokens per microsecond
            long add = elapsed >= Long.MAX_VALUE / Math.max(1, qps) ? Long.MAX_VALUE : elapsed / 1000 * qps;
            microTokens = Math.min(burst * 1_000_000, saturatedAdd(microTokens, add));
        }

        private static long saturatedAdd(long a, long b) {
            long r = a + b;
            return r < a ? Long.MAX_VALUE : r;
        }
    }
}

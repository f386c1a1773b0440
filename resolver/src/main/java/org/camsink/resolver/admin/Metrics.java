package org.camsink.resolver.admin;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.camsink.resolver.events.Hit;
import org.camsink.resolver.events.QueryListener;
import org.camsink.resolver.pipeline.Query;
import org.camsink.resolver.pipeline.Resolution;
import org.camsink.resolver.pipeline.ResolutionKind;

/**
 * Query counters: by {@link ResolutionKind}, list hits by list (blocked and logged apart) and a latency
 * histogram. Every update is a {@link LongAdder} increment, so the serving threads never contend.
 */
public final class Metrics implements QueryListener {

    /** Upper bounds of the latency buckets, in seconds; the last bucket is +Inf. */
    static final double[] LATENCY_BOUNDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

    private static final long[] BOUNDS_NANOS = new long[LATENCY_BOUNDS.length];

    static {
        for (int i = 0; i < LATENCY_BOUNDS.length; i++) {
            BOUNDS_NANOS[i] = Math.round(LATENCY_BOUNDS[i] * 1e9);
        }
    }

    private final LongAdder[] byKind = adders(ResolutionKind.values().length);
    private final LongAdder[] latency = adders(LATENCY_BOUNDS.length + 1);
    private final LongAdder latencySumNanos = new LongAdder();
    private final Map<String, ListCounters> byList = new ConcurrentHashMap<>();

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    @Override
    public void onQuery(Query query, Resolution resolution, long elapsedNanos) {
        if (resolution == null || resolution.kind() == null) {
            return;
        }
        byKind[resolution.kind().ordinal()].increment();
        long nanos = Math.max(0, elapsedNanos);
        latency[bucket(nanos)].increment();
        latencySumNanos.add(nanos);
        Hit hit = resolution.hit();
        if (hit != null && hit.list() != null) {
            ListCounters c = byList.get(hit.list());
            if (c == null) {
                c = byList.computeIfAbsent(hit.list(), k -> new ListCounters());
            }
            (hit.blocked() ? c.blocked : c.logged).increment();
        }
    }

    private static int bucket(long nanos) {
        for (int i = 0; i < BOUNDS_NANOS.length; i++) {
            if (nanos <= BOUNDS_NANOS[i]) {
                return i;
            }
        }
        return BOUNDS_NANOS.length;
    }

    /** A consistent-enough copy for one page or scrape. */
    public Snapshot snapshot() {
        long[] kinds = new long[byKind.length];
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] = byKind[i].sum();
        }
        long[] buckets = new long[latency.length];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = latency[i].sum();
        }
        Map<String, ListCount> lists = new TreeMap<>();
        byList.forEach((id, c) -> lists.put(id, new ListCount(c.blocked.sum(), c.logged.sum())));
        return new Snapshot(kinds, buckets, latencySumNanos.sum(), lists);
    }

    private static final class ListCounters {
        final LongAdder blocked = new LongAdder();
        final LongAdder logged = new LongAdder();
    }

    /** Hits of one list: answers sinkholed and answers only logged (audit lists). */
    public record ListCount(long blocked, long logged) {}

    /**
     * Counter values at one moment.
     *
     * @param byKind         indexed by {@link ResolutionKind#ordinal()}
     * @param latencyBuckets per-bucket (not cumulative) counts, the last one is +Inf
     */
    public record Snapshot(long[] byKind, long[] latencyBuckets, long latencySumNanos, Map<String, ListCount> byList) {

        public long count(ResolutionKind kind) {
            return byKind[kind.ordinal()];
        }

        public long total() {
            long t = 0;
            for (long v : byKind) {
                t += v;
            }
            return t;
        }

        /** Answers served from the cache, fresh or stale. */
        public long cacheHits() {
            return count(ResolutionKind.CACHED) + count(ResolutionKind.STALE);
        }

        /** Queries that had to go upstream (answered or failed). */
        public long cacheMisses() {
            return count(ResolutionKind.RESOLVED) + count(ResolutionKind.FAILED);
        }

        /** Hits / (hits + misses), or NaN before the first forwarded query. */
        public double cacheHitRate() {
            long all = cacheHits() + cacheMisses();
            return all == 0 ? Double.NaN : (double) cacheHits() / all;
        }

        public long blockedTotal() {
            return byList.values().stream().mapToLong(ListCount::blocked).sum();
        }
    }
}

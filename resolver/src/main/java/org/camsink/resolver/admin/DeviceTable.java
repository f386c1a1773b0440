package org.camsink.resolver.admin;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.camsink.resolver.events.Hit;
import org.camsink.resolver.events.MatchKind;
import org.camsink.resolver.events.QueryListener;
import org.camsink.resolver.pipeline.Query;
import org.camsink.resolver.pipeline.Resolution;

/**
 * Which LAN device asked for which list entry, how often, and when: one row per (client address, list, entry).
 * Only queries that hit a list are recorded, so ordinary traffic costs one null check. The table is bounded:
 * once it holds more than {@code capacity} rows plus a little slack, one thread drops the rows seen longest ago,
 * down to {@code capacity} minus that slack, so that a flood of distinct blocked names (each a new row) pays for
 * a trim once every two slacks of new rows rather than once every slack.
 * Client addresses stay on this machine; they are shown on the admin page and never reported.
 */
public final class DeviceTable implements QueryListener {

    public static final int DEFAULT_CAPACITY = 10_000;

    private final int capacity;
    private final int slack;
    /** How many rows a trim keeps. */
    private final int keep;
    private final LongSupplier clockMillis;
    private final Map<Key, Row> rows = new ConcurrentHashMap<>();
    private final ReentrantLock evicting = new ReentrantLock();
    private final AtomicLong evicted = new AtomicLong();

    public DeviceTable() {
        this(DEFAULT_CAPACITY, System::currentTimeMillis);
    }

    public DeviceTable(int capacity, LongSupplier clockMillis) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.slack = Math.max(1, capacity / 8);
        this.keep = capacity - capacity / 8;
        this.clockMillis = clockMillis;
    }

    @Override
    public void onQuery(Query query, Resolution resolution, long elapsedNanos) {
        Hit hit = resolution == null ? null : resolution.hit();
        if (hit == null) {
            return;
        }
        InetAddress client = hit.client() != null ? hit.client() : query == null ? null : query.client();
        if (client == null || hit.list() == null || hit.entry() == null) {
            return;
        }
        record(client, hit.list(), hit.entry(), hit.match(), hit.blocked());
    }

    /** Counts one hit. Public so that tests and replays can feed the table directly. */
    public void record(InetAddress client, String list, String entry, MatchKind match, boolean blocked) {
        long now = clockMillis.getAsLong();
        Key key = new Key(client, list, entry);
        Row row = rows.get(key);
        if (row == null) {
            row = rows.computeIfAbsent(key, k -> new Row(now));
        }
        row.queries.incrementAndGet();
        row.lastSeen = now;
        row.match = match;
        if (blocked) {
            row.blocked = true;
        }
        if (rows.size() > capacity + slack) {
            evict();
        }
    }

    private void evict() {
        if (!evicting.tryLock()) {
            return; // another thread is already trimming
        }
        try {
            int excess = rows.size() - keep;
            if (excess <= 0) {
                return;
            }
            // Find the last-seen time of the excess-th oldest row by selection on a primitive array, then drop
            // rows up to it. Sorting Map.Entry objects with a comparator here cost more than a blocked query
            // itself when a flood of distinct blocked names kept the table full, and even a primitive sort was
            // a twentieth of the server's time then.
            long[] seen = new long[rows.size()];
            int n = 0;
            for (Row r : rows.values()) {
                if (n == seen.length) {
                    break;
                }
                seen[n++] = r.lastSeen;
            }
            if (n == 0) {
                return;
            }
            long cutoff = smallest(seen, n, Math.min(excess, n) - 1);
            int dropped = 0;
            for (Map.Entry<Key, Row> e : rows.entrySet()) {
                if (dropped >= excess) {
                    break;
                }
                if (e.getValue().lastSeen < cutoff && rows.remove(e.getKey(), e.getValue())) {
                    dropped++;
                }
            }
            for (Map.Entry<Key, Row> e : rows.entrySet()) {
                if (dropped >= excess) {
                    break;
                }
                if (e.getValue().lastSeen == cutoff && rows.remove(e.getKey(), e.getValue())) {
                    dropped++;
                }
            }
            evicted.addAndGet(dropped);
        } finally {
            evicting.unlock();
        }
    }

    /**
     * The {@code k}-th smallest (from 0) of {@code a[0, n)}, which it reorders: a quickselect, linear on average,
     * and steady with many equal values (rows seen in the same millisecond).
     */
    static long smallest(long[] a, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            long pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    long t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    /** All rows, most recently seen first. */
    public List<Device> snapshot() {
        List<Device> out = new ArrayList<>(rows.size());
        rows.forEach((k, r) -> out.add(new Device(k.client, k.list, k.entry, r.match, r.queries.get(),
                Instant.ofEpochMilli(r.firstSeen), Instant.ofEpochMilli(r.lastSeen), r.blocked)));
        out.sort(Comparator.comparing(Device::lastSeen).reversed()
                .thenComparing(d -> d.client().getHostAddress())
                .thenComparing(Device::list).thenComparing(Device::entry));
        return out;
    }

    public int size() {
        return rows.size();
    }

    public int capacity() {
        return capacity;
    }

    /** Rows dropped so far to stay within the capacity. */
    public long evicted() {
        return evicted.get();
    }

    private record Key(InetAddress client, String list, String entry) {}

    private static final class Row {
        final long firstSeen;
        final AtomicLong queries = new AtomicLong();
        volatile long lastSeen;
        volatile MatchKind match;
        volatile boolean blocked;

        Row(long now) {
            this.firstSeen = now;
            this.lastSeen = now;
        }
    }

    /**
     * One row of the table.
     *
     * @param blocked true once any of these queries was sinkholed (false: an audit list only logged them)
     */
    public record Device(InetAddress client, String list, String entry, MatchKind match, long queries,
                         Instant firstSeen, Instant lastSeen, boolean blocked) {}
}

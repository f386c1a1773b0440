package org.camsink.resolver.telemetry;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.camsink.report.ReportValidator;
import org.camsink.resolver.events.Hit;

/**
 * The in-memory counts of one UTC day, keyed by (list, entry, match), never per event. The hot path
 * ({@link Day#record}) does one map lookup, one adder increment and two lock-free sketch updates.
 *
 * <p>Clients are counted through a 64-bit hash keyed with a random seed of that day: no address is stored,
 * and the seed is gone with the day, so nothing links a count to a client afterwards.
 *
 * <p>Counts are cumulative for the day. A report carries the queries added since the last report that was
 * spooled ({@link Row#reported}), so a count that races with sealing goes into the next report, never lost.
 */
final class Aggregate {
    /** Distinct (list, entry, match) rows kept per day; beyond it, new rows are counted in {@link Day#overflow}. */
    static final int MAX_ROWS = 2000;
    private static final SecureRandom SEEDS = new SecureRandom();

    private Aggregate() {}

    /** One report row key. */
    record Key(String list, String entry, String match) {
        static final Comparator<Key> ORDER = Comparator.comparing(Key::list).thenComparing(Key::match)
                .thenComparing(Key::entry);
    }

    /** Counts for one key within one day. */
    static final class Row {
        final Key key;
        final LongAdder queries = new LongAdder();
        final ClientCounter clients = new ClientCounter(32, 10);
        /** Queries already in a spooled report; touched only under the sealer's lock. */
        long reported;

        Row(Key key) {
            this.key = key;
        }
    }

    /** A sealed-but-not-yet-committed view: the rows with new queries and the day's client count. */
    record Draft(Day day, List<Line> lines, long activeClients) {
        boolean worthSending() {
            return !lines.isEmpty() || (activeClients > 0 && activeClients > day.sentActive);
        }
    }

    /** One row of a draft: new queries since the last spooled report, clients so far today. */
    record Line(Row row, long queries, long totalQueries, long clients) {}

    /** Everything counted on one UTC day. */
    static final class Day {
        final LocalDate date;
        final long epochDay;
        private final long seed1 = SEEDS.nextLong();
        private final long seed2 = SEEDS.nextLong();
        final ClientCounter active = new ClientCounter(256, 14);
        final ConcurrentHashMap<Key, Row> rows = new ConcurrentHashMap<>();
        final ConcurrentHashMap<Key, Boolean> refused = new ConcurrentHashMap<>();
        private final AtomicInteger rowCount = new AtomicInteger();
        final LongAdder overflow = new LongAdder();
        /** The activeClients of the last spooled report, -1 before the first; sealer only. */
        long sentActive = -1;

        Day(long epochDay) {
            this.epochDay = epochDay;
            this.date = LocalDate.ofEpochDay(epochDay);
        }

        /** Hot path: counts the client as active and, for a hit, the row. Never blocks. */
        void record(InetAddress client, Hit hit) {
            long h = client == null ? 0 : hash(client.getAddress());
            if (client != null) {
                active.add(h);
            }
            if (hit == null) {
                return;
            }
            Key key = new Key(hit.list(), hit.entry(), hit.match().wire());
            Row row = rows.get(key);
            if (row == null) {
                row = newRow(key);
                if (row == null) {
                    return;
                }
            }
            row.queries.increment();
            if (client != null) {
                row.clients.add(h);
            }
        }

        private Row newRow(Key key) {
            if (refused.containsKey(key)) {
                return null;
            }
            String error = ReportValidator.rowKeyError(key.list(), key.entry(), key.match());
            if (error != null) {
                if (refused.size() < 100) {
                    refused.put(key, Boolean.TRUE);
                    TelemetryService.LOG.warn("telemetry leaves out hits on list {} entry that breaks the report contract ({})",
                            key.list(), error);
                }
                overflow.increment();
                return null;
            }
            if (rowCount.get() >= MAX_ROWS) {
                overflow.increment();
                return null;
            }
            Row fresh = new Row(key);
            Row raced = rows.putIfAbsent(key, fresh);
            if (raced != null) {
                return raced;
            }
            rowCount.incrementAndGet();
            return fresh;
        }

        /** The rows with queries not yet reported, in report order. */
        Draft draft() {
            List<Line> lines = new ArrayList<>();
            for (Row r : rows.values()) {
                long total = r.queries.sum();
                long fresh = total - r.reported;
                if (fresh > 0) {
                    long clients = Math.max(1, Math.min(r.clients.estimate(), ReportValidator.MAX_CLIENTS));
                    lines.add(new Line(r, Math.min(fresh, ReportValidator.MAX_QUERIES), total, clients));
                }
            }
            lines.sort(Comparator.comparing(l -> l.row().key, Key.ORDER));
            return new Draft(this, lines, Math.min(active.estimate(), ReportValidator.MAX_ACTIVE_CLIENTS));
        }

        /** Keyed 64-bit hash of an address; the key is this day's random seed. */
        long hash(byte[] a) {
            long x = seed1;
            long y = seed2;
            for (int i = 0; i < a.length; i += 8) {
                long chunk = 0;
                for (int j = i; j < Math.min(a.length, i + 8); j++) {
                    chunk = chunk << 8 | (a[j] & 0xFF);
                }
                x = mix(x ^ chunk ^ a.length);
                y = mix(y + x);
            }
            return mix(x ^ y);
        }

        private static long mix(long z) {
            z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
            z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
            return z ^ (z >>> 33);
        }
    }
}

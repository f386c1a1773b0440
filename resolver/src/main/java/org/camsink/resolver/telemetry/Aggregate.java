package org.camsink.resolver.telemetry;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.camsink.report.ReportValidator;
import org.camsink.resolver.events.Hit;
import org.camsink.resolver.events.MatchKind;
import org.camsink.resolver.net.Ipv4Bits;

/**
 * The in-memory counts of one UTC day, keyed by (list, entry, match), never per event. The hot path
 * ({@link Day#record}) does one lookup in a fixed {@link RowTable}, one adder increment and two lock-free sketch
 * updates, and allocates nothing; the report contract is checked once per new key, and pseudonyms, estimates and
 * JSON are made only when a report is built.
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
    /** Rebrand candidates kept per day (the report contract's limit). */
    static final int MAX_CANDIDATES = ReportValidator.MAX_CANDIDATES;
    /** Rows that break the report contract, remembered so each is checked once. */
    static final int MAX_REFUSED = 1000;
    private static final SecureRandom SEEDS = new SecureRandom();

    private Aggregate() {}

    /** One report row key. */
    record Key(String list, String entry, String match) {
        static final Comparator<Key> ORDER = Comparator.comparing(Key::list).thenComparing(Key::match)
                .thenComparing(Key::entry);
    }

    /** Counts for one key within one day; a refused row only marks a key that breaks the report contract. */
    static final class Row {
        final Key key;
        final MatchKind kind;
        final int hash;
        final boolean refused;
        final LongAdder queries;
        final ClientCounter clients;
        /** Queries already in a spooled report; touched only under the sealer's lock. */
        long reported;

        Row(Key key, MatchKind kind, boolean refused) {
            this.key = key;
            this.kind = kind;
            this.hash = RowTable.hash(key.list(), key.entry(), kind);
            this.refused = refused;
            this.queries = refused ? null : new LongAdder();
            this.clients = refused ? null : new ClientCounter(32, 10);
        }

        boolean is(int h, String list, String entry, MatchKind match) {
            return hash == h && kind == match && key.entry().equals(entry) && key.list().equals(list);
        }
    }

    /**
     * A sealed-but-not-yet-committed view: the rows with new queries, the day's client count, and the candidates
     * not yet in a spooled report.
     */
    record Draft(Day day, List<Line> lines, long activeClients, List<String> candidates) {
        /**
         * Hits or candidates make a report worth sending. A new LAN client alone does not, except in the day's
         * last report: a report sent because a device joined would tell the backend when that happened.
         */
        boolean worthSending(boolean last) {
            return !lines.isEmpty() || !candidates.isEmpty()
                    || (last && activeClients > 0 && activeClients > day.sentActive);
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
        private final RowTable rows = new RowTable(MAX_ROWS + MAX_REFUSED);
        private final AtomicInteger rowCount = new AtomicInteger();
        private final AtomicInteger refusedCount = new AtomicInteger();
        final LongAdder overflow = new LongAdder();
        /** The activeClients of the last spooled report, -1 before the first; sealer only. */
        long sentActive = -1;
        /** Registrable domains of rebrand candidates seen today, at most {@link #MAX_CANDIDATES}. */
        private final Set<String> candidates = ConcurrentHashMap.newKeySet();
        /** Candidates already in a spooled report; sealer only. */
        final Set<String> sentCandidates = new HashSet<>();

        Day(long epochDay) {
            this.epochDay = epochDay;
            this.date = LocalDate.ofEpochDay(epochDay);
        }

        /**
         * Hot path: counts the client as active and, for a hit, the row. Never blocks, and allocates nothing
         * once the row exists (an IPv6 client costs one copy of its address).
         */
        void record(InetAddress client, Hit hit) {
            long h = client == null ? 0 : hash(client);
            if (client != null) {
                active.add(h);
            }
            if (hit == null) {
                return;
            }
            int key = RowTable.hash(hit.list(), hit.entry(), hit.match());
            Row row = rows.find(key, hit.list(), hit.entry(), hit.match());
            if (row == null) {
                row = newRow(hit);
            }
            if (row == null || row.refused) {
                overflow.increment();
                return;
            }
            row.queries.increment();
            if (client != null) {
                row.clients.add(h);
            }
        }

        /**
         * Adds the row for a new key, once the key passed the report contract; null when the day is full. A key
         * that breaks the contract is kept as a refused row (up to {@link #MAX_REFUSED}) so it is checked once.
         */
        private Row newRow(Hit hit) {
            if (rowCount.get() >= MAX_ROWS) {
                return null; // no check needed: nothing new is counted today
            }
            Key key = new Key(hit.list(), hit.entry(), hit.match().wire());
            String error = ReportValidator.rowKeyError(key.list(), key.entry(), key.match());
            if (error != null) {
                if (reserve(refusedCount, MAX_REFUSED)) {
                    Row refused = new Row(key, hit.match(), true);
                    if (rows.add(refused) == refused) {
                        TelemetryService.LOG.warn(
                                "telemetry leaves out hits on list {} entry that breaks the report contract ({})",
                                key.list(), error);
                    } else {
                        refusedCount.decrementAndGet();
                    }
                }
                return null;
            }
            if (!reserve(rowCount, MAX_ROWS)) {
                return null;
            }
            Row fresh = new Row(key, hit.match(), false);
            Row in = rows.add(fresh);
            if (in != fresh) {
                rowCount.decrementAndGet(); // another thread added the same key first
            }
            return in;
        }

        private static boolean reserve(AtomicInteger count, int max) {
            for (int n = count.get(); n < max; n = count.get()) {
                if (count.compareAndSet(n, n + 1)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * A rebrand candidate (a registrable domain, already checked by the discovery side) seen today. Beyond
         * {@link #MAX_CANDIDATES} distinct ones a day, new ones are not counted.
         */
        void candidate(String registrableDomain) {
            if (candidates.size() < MAX_CANDIDATES || candidates.contains(registrableDomain)) {
                candidates.add(registrableDomain);
            }
        }

        /** The rows with queries not yet reported, in report order. */
        Draft draft() {
            List<Line> lines = new ArrayList<>();
            for (Row r : rows.rows()) {
                if (r.refused) {
                    continue;
                }
                long total = r.queries.sum();
                long fresh = total - r.reported;
                if (fresh > 0) {
                    long clients = Math.max(1, Math.min(r.clients.estimate(), ReportValidator.MAX_CLIENTS));
                    lines.add(new Line(r, Math.min(fresh, ReportValidator.MAX_QUERIES), total, clients));
                }
            }
            lines.sort(Comparator.comparing(l -> l.row().key, Key.ORDER));
            List<String> fresh = new ArrayList<>();
            for (String c : candidates) {
                if (!sentCandidates.contains(c) && fresh.size() < MAX_CANDIDATES) {
                    fresh.add(c);
                }
            }
            fresh.sort(null);
            return new Draft(this, lines, Math.min(active.estimate(), ReportValidator.MAX_ACTIVE_CLIENTS), fresh);
        }

        /** Keyed 64-bit hash of a client address, without copying an IPv4 address ({@link Ipv4Bits}). */
        long hash(InetAddress client) {
            if (client instanceof Inet4Address v4) {
                return hash4(Ipv4Bits.of(v4));
            }
            return hash(client.getAddress());
        }

        /** {@link #hash(byte[])} of the four bytes of {@code address}, big-endian. */
        long hash4(int address) {
            long x = mix(seed1 ^ (address & 0xFFFF_FFFFL) ^ 4);
            long y = mix(seed2 + x);
            return mix(x ^ y);
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

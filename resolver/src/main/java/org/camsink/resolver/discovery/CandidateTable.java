package org.camsink.resolver.discovery;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.camsink.blocklists.country.CountryLists;
import org.camsink.report.RegistrableDomain;
import org.camsink.resolver.config.Config;
import org.camsink.resolver.config.Config.Discovery;
import org.camsink.resolver.config.Config.ListSource;
import org.camsink.resolver.events.Hit;
import org.camsink.resolver.events.MatchKind;
import org.camsink.resolver.events.QueryListener;
import org.camsink.resolver.pipeline.Query;
import org.camsink.resolver.pipeline.Resolution;

/**
 * Rebrand candidates, as a query listener.
 * <ul>
 *   <li>A query-name hit on a camera-vendor list (a bundled catalogue list other than the {@code country-*} range
 *       lists) makes its device a camera.</li>
 *   <li>A hit from a camera whose query name no list matches, where the answer's CNAME chain led into a listed
 *       domain or an answer address lies in a listed range ({@link Hit#via()} is set), makes the name's
 *       registrable domain a candidate for that device.</li>
 * </ul>
 * Every other query costs a null check. The table holds at most {@code discovery.maxCandidates} rows (domain and
 * device) plus an eighth; beyond that the rows seen longest ago go, so a camera asking for endless new names cannot
 * grow it.
 */
public final class CandidateTable implements QueryListener {
    /** Learned cameras kept at most. */
    static final int MAX_CAMERAS = 4096;

    private final LongSupplier clockMillis;
    private final Cameras cameras;
    private final Map<Key, Row> rows = new ConcurrentHashMap<>();
    private final ReentrantLock trimming = new ReentrantLock();
    private final AtomicLong evicted = new AtomicLong();
    private volatile Rules rules;
    private volatile CandidateSink sink;

    public CandidateTable(Config config) {
        this(config, System::currentTimeMillis);
    }

    public CandidateTable(Config config, LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
        this.cameras = new Cameras(MAX_CAMERAS, clockMillis);
        configure(config);
    }

    /** Takes the settings and list ids of a new configuration (a reload); rows and learned cameras stay. */
    public void configure(Config config) {
        Discovery d = config.discovery() == null ? Discovery.defaults() : config.discovery();
        Set<String> vendor = new HashSet<>();
        Set<String> bundled = new HashSet<>();
        for (ListSource s : config.lists()) {
            if (s.source().startsWith("builtin:")) {
                bundled.add(s.id());
                if (isVendorList(s.source().substring("builtin:".length()))) {
                    vendor.add(s.id());
                }
            }
        }
        cameras.mark(d.cameras());
        this.rules = new Rules(d.enabled(), d.maxCandidates(), Set.copyOf(vendor), Set.copyOf(bundled));
    }

    /**
     * Whether a bundled list is a camera-vendor list: every bundled list except the country address ranges
     * ({@code country-ru}, {@code country-by}, ...), which say where a server is, not whose cameras use it.
     */
    static boolean isVendorList(String builtinId) {
        return !CountryLists.IDS.contains(builtinId) && !builtinId.startsWith("country-");
    }

    /** Where shareable candidates go (telemetry with {@code telemetry.shareCandidates}); null for nowhere. */
    public void sink(CandidateSink sink) {
        this.sink = sink;
    }

    @Override
    public void onQuery(Query query, Resolution resolution, long elapsedNanos) {
        Hit hit = resolution == null ? null : resolution.hit();
        if (hit == null) {
            return;
        }
        Rules r = rules;
        InetAddress client = hit.client() != null ? hit.client() : query == null ? null : query.client();
        if (!r.enabled || client == null) {
            return;
        }
        if (hit.match() == MatchKind.QNAME) {
            if (r.vendor.contains(hit.list())) {
                cameras.learn(client, hit.list());
            }
            return;
        }
        if (hit.via() == null || query == null || !cameras.isCamera(client)) {
            return;
        }
        String name = query.name().toString(true).toLowerCase(Locale.ROOT);
        String domain = RegistrableDomain.of(name);
        if (domain == null) {
            return;
        }
        boolean shareable = r.bundled.contains(hit.list());
        record(domain, client, new Candidate.Reason(name, hit.match(), hit.via(), hit.list(), hit.entry(), hit.blocked()),
                shareable, r.max);
        CandidateSink s = sink;
        if (shareable && s != null) {
            s.candidate(domain);
        }
    }

    private void record(String domain, InetAddress client, Candidate.Reason reason, boolean shareable, int max) {
        long now = clockMillis.getAsLong();
        Key key = new Key(domain, client);
        Row row = rows.get(key);
        if (row == null) {
            row = rows.computeIfAbsent(key, k -> new Row(now, reason));
        }
        row.queries.incrementAndGet();
        row.lastSeen = now;
        if (shareable) {
            row.shareable = true;
        }
        if (rows.size() > max + Math.max(1, max / 8) && trimming.tryLock()) {
            try {
                evicted.addAndGet(Oldest.trim(rows, x -> x.lastSeen, max - max / 8));
            } finally {
                trimming.unlock();
            }
        }
    }

    /** Every row, most recently seen first. */
    public List<Candidate> snapshot() {
        List<Candidate> out = new ArrayList<>(rows.size());
        rows.forEach((k, r) -> out.add(new Candidate(k.domain, k.client, r.queries.get(),
                Instant.ofEpochMilli(r.firstSeen), Instant.ofEpochMilli(r.lastSeen), r.reason, r.shareable)));
        out.sort(Comparator.comparing(Candidate::lastSeen).reversed().thenComparing(Candidate::domain)
                .thenComparing(c -> c.client().getHostAddress()));
        return out;
    }

    /** The devices known as cameras: learned ones, most recent first, then the ranges the owner marked. */
    public List<Camera> cameras() {
        return cameras.snapshot();
    }

    /** True when the device is a camera now. */
    public boolean isCamera(InetAddress client) {
        return cameras.isCamera(client);
    }

    public boolean enabled() {
        return rules.enabled;
    }

    public int size() {
        return rows.size();
    }

    public int capacity() {
        return rules.max;
    }

    public long evicted() {
        return evicted.get();
    }

    private record Rules(boolean enabled, int max, Set<String> vendor, Set<String> bundled) {}

    private record Key(String domain, InetAddress client) {}

    private static final class Row {
        final long firstSeen;
        final Candidate.Reason reason;
        final AtomicLong queries = new AtomicLong();
        volatile long lastSeen;
        volatile boolean shareable;

        Row(long now, Candidate.Reason reason) {
            this.firstSeen = now;
            this.lastSeen = now;
            this.reason = reason;
        }
    }

    /**
     * A device known as a camera.
     *
     * @param address the device's address, or a CIDR from {@code discovery.cameras}
     * @param list    the camera-vendor list it asked for; null for a marked range
     * @param firstSeen null for a marked range
     * @param lastSeen  its latest vendor query (to the second); null for a marked range
     */
    public record Camera(String address, String list, Instant firstSeen, Instant lastSeen) {}
}

package org.camsink.resolver.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.camsink.resolver.cli.Version;
import org.camsink.resolver.discovery.Candidate;
import org.camsink.resolver.discovery.CandidateTable;
import org.camsink.resolver.pipeline.ResolutionKind;
import org.camsink.resolver.status.LimitStatus;
import org.camsink.resolver.status.ListStatus;
import org.camsink.resolver.status.MemoryStatus;
import org.camsink.resolver.status.StatusSource;
import org.camsink.resolver.status.TelemetryStatus;
import org.camsink.resolver.status.UpstreamStatus;

/**
 * Everything the admin server shows, read fresh for each request: the running resolver's
 * {@link StatusSource}, the {@link Metrics} counters, the {@link DeviceTable} and client names. The JSON views
 * are plain maps and lists so that the field names are visible here, in one place.
 */
final class AdminData {

    private final StatusSource source;
    private final Metrics metrics;
    private final DeviceTable devices;
    private final CandidateTable candidates;
    private final ReverseNames names;
    private final Instant startedAt;

    AdminData(StatusSource source, Metrics metrics, DeviceTable devices, CandidateTable candidates, ReverseNames names,
              Instant startedAt) {
        this.source = source;
        this.metrics = metrics;
        this.devices = devices;
        this.candidates = candidates;
        this.names = names;
        this.startedAt = startedAt;
    }

    Metrics.Snapshot counters() {
        return metrics.snapshot();
    }

    Instant startedAt() {
        return startedAt;
    }

    Duration uptime() {
        return Duration.between(startedAt, Instant.now());
    }

    DeviceTable deviceTable() {
        return devices;
    }

    CandidateTable candidateTable() {
        return candidates;
    }

    String nameOf(java.net.InetAddress client) {
        return names == null ? null : names.nameOf(client);
    }

    List<UpstreamStatus> upstreamList() {
        return safe(source::upstreams);
    }

    List<ListStatus> listList() {
        return safe(source::lists);
    }

    LimitStatus limitStatus() {
        return safe(source::limits, LimitStatus.none());
    }

    MemoryStatus memory() {
        return safe(source::memory, MemoryStatus.none());
    }

    TelemetryStatus telemetryStatus() {
        return safe(source::telemetry, TelemetryStatus.off());
    }

    /** The exact next report, or null when telemetry is off or has nothing to say. */
    byte[] telemetryPreview() {
        if (!telemetryStatus().enabled()) {
            return null;
        }
        return source.telemetryPreview();
    }

    private static <T> List<T> safe(Supplier<List<T>> s) {
        return safe(s, List.of());
    }

    private static <T> T safe(Supplier<T> s, T fallback) {
        try {
            T v = s.get();
            return v == null ? fallback : v;
        } catch (RuntimeException e) {
            return fallback; // a status view must never break the page
        }
    }

    // ---- JSON views ----

    Map<String, Object> status() {
        Metrics.Snapshot m = counters();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", Version.current());
        out.put("startedAt", startedAt.toString());
        out.put("uptimeSeconds", uptime().toSeconds());
        Map<String, Object> byKind = new LinkedHashMap<>();
        for (ResolutionKind k : ResolutionKind.values()) {
            byKind.put(wire(k), m.count(k));
        }
        out.put("queries", Map.of("total", m.total(), "byKind", byKind));
        Map<String, Object> cache = new LinkedHashMap<>();
        cache.put("hits", m.cacheHits());
        cache.put("misses", m.cacheMisses());
        cache.put("hitRate", Double.isNaN(m.cacheHitRate()) ? null : m.cacheHitRate());
        out.put("cache", cache);
        Map<String, Object> byList = new LinkedHashMap<>();
        m.byList().forEach((id, c) -> byList.put(id, Map.of("blocked", c.blocked(), "logged", c.logged())));
        out.put("blocks", Map.of("total", m.blockedTotal(), "byList", byList));
        out.put("devices", devices.size());
        out.put("candidates", candidates.size());
        out.put("upstreams", upstreams());
        out.put("lists", lists());
        out.put("telemetry", telemetry());
        return out;
    }

    Map<String, Object> devices() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (DeviceTable.Device d : devices.snapshot()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("client", d.client().getHostAddress());
            row.put("name", nameOf(d.client()));
            row.put("list", d.list());
            row.put("entry", d.entry());
            row.put("match", d.match() == null ? null : d.match().wire());
            row.put("queries", d.queries());
            row.put("firstSeen", d.firstSeen().toString());
            row.put("lastSeen", d.lastSeen().toString());
            row.put("blocked", d.blocked());
            rows.add(row);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("capacity", devices.capacity());
        out.put("evicted", devices.evicted());
        out.put("devices", rows);
        return out;
    }

    /** {@code /api/candidates}: rebrand candidates with device, times and reason, and the devices known as cameras. */
    Map<String, Object> candidates() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Candidate c : candidates.snapshot()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("domain", c.domain());
            row.put("client", c.client().getHostAddress());
            row.put("name", nameOf(c.client()));
            row.put("queries", c.queries());
            row.put("firstSeen", c.firstSeen().toString());
            row.put("lastSeen", c.lastSeen().toString());
            Candidate.Reason r = c.reason();
            Map<String, Object> why = new LinkedHashMap<>();
            why.put("match", r.match().wire());
            why.put("query", r.name());
            why.put("via", r.via());
            why.put("list", r.list());
            why.put("entry", r.entry());
            why.put("blocked", r.blocked());
            why.put("text", r.text());
            row.put("reason", why);
            row.put("shareable", c.shareable());
            rows.add(row);
        }
        List<Map<String, Object>> cams = new ArrayList<>();
        for (CandidateTable.Camera c : candidates.cameras()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("address", c.address());
            row.put("list", c.list());
            row.put("firstSeen", iso(c.firstSeen()));
            row.put("lastSeen", iso(c.lastSeen()));
            cams.add(row);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("enabled", candidates.enabled());
        out.put("capacity", candidates.capacity());
        out.put("evicted", candidates.evicted());
        out.put("candidates", rows);
        out.put("cameras", cams);
        return out;
    }

    List<Map<String, Object>> upstreams() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (UpstreamStatus u : upstreamList()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("address", u.address());
            row.put("healthy", u.healthy());
            row.put("queries", u.queries());
            row.put("failures", u.failures());
            row.put("averageRttMillis", finite(u.averageRttMillis()));
            row.put("lastFailure", iso(u.lastFailure()));
            out.add(row);
        }
        return out;
    }

    List<Map<String, Object>> lists() {
        Map<String, Metrics.ListCount> hits = counters().byList();
        List<Map<String, Object>> out = new ArrayList<>();
        for (ListStatus l : listList()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", l.id());
            row.put("source", l.source());
            row.put("action", l.action());
            row.put("domains", l.domains());
            row.put("ranges", l.ranges());
            row.put("entries", l.domains() + l.ranges());
            row.put("invalidLines", l.invalidLines());
            row.put("loadedAt", iso(l.loadedAt()));
            row.put("error", l.error());
            row.put("firstProblem", l.firstProblem());
            Metrics.ListCount c = hits.get(l.id());
            row.put("blocked", c == null ? 0 : c.blocked());
            row.put("logged", c == null ? 0 : c.logged());
            out.add(row);
        }
        return out;
    }

    Map<String, Object> telemetry() {
        TelemetryStatus t = telemetryStatus();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("enabled", t.enabled());
        out.put("endpoint", t.endpoint());
        out.put("pending", t.pending());
        out.put("sent", t.sent());
        out.put("rejected", t.rejected());
        out.put("lastSent", iso(t.lastSent()));
        out.put("lastSentReportId", t.lastSentReportId());
        out.put("lastError", t.lastError());
        out.put("held", t.held());
        out.put("nextAttempt", iso(t.nextAttempt()));
        out.put("preview", t.enabled() ? "/api/telemetry/preview" : null);
        return out;
    }

    static String wire(ResolutionKind k) {
        return k.name().toLowerCase(Locale.ROOT);
    }

    private static String iso(Instant i) {
        return i == null ? null : i.toString();
    }

    private static Double finite(double d) {
        return Double.isFinite(d) ? d : null;
    }
}

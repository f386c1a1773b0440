package org.camsink.resolver.admin;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import org.camsink.resolver.pipeline.ResolutionKind;
import org.camsink.resolver.status.LimitStatus;
import org.camsink.resolver.status.ListStatus;
import org.camsink.resolver.status.MemoryStatus;
import org.camsink.resolver.status.TelemetryStatus;
import org.camsink.resolver.status.UpstreamStatus;

/** Renders {@code /metrics}. The metric names are listed in resolver/docs/admin.md; keep the two in step. */
final class MetricsExposition {

    private MetricsExposition() {}

    static String render(AdminData data) {
        Metrics.Snapshot m = data.counters();
        PrometheusWriter w = new PrometheusWriter();

        w.family("camsink_uptime_seconds", "gauge", "Seconds since the resolver started.");
        w.sample("camsink_uptime_seconds", data.uptime().toMillis() / 1000.0);
        w.family("camsink_start_time_seconds", "gauge", "Start time of the resolver, seconds since the Unix epoch.");
        w.sample("camsink_start_time_seconds", data.startedAt().getEpochSecond());

        w.family("camsink_queries_total", "counter", "Answered queries by where the answer came from.");
        for (ResolutionKind k : ResolutionKind.values()) {
            w.sample("camsink_queries_total", m.count(k), "kind", AdminData.wire(k));
        }
        w.family("camsink_cache_hits_total", "counter", "Answers served from the cache (fresh or stale).");
        w.sample("camsink_cache_hits_total", m.cacheHits());
        w.family("camsink_cache_misses_total", "counter", "Queries forwarded upstream (answered or failed).");
        w.sample("camsink_cache_misses_total", m.cacheMisses());

        w.family("camsink_list_hits_total", "counter", "Queries that matched a list entry, by list and outcome.");
        m.byList().forEach((id, c) -> {
            w.sample("camsink_list_hits_total", c.blocked(), "list", id, "outcome", "blocked");
            w.sample("camsink_list_hits_total", c.logged(), "list", id, "outcome", "logged");
        });

        w.family("camsink_query_duration_seconds", "histogram", "Time from receiving a query to sending its answer.");
        long cumulative = 0;
        long[] b = m.latencyBuckets();
        for (int i = 0; i < Metrics.LATENCY_BOUNDS.length; i++) {
            cumulative += b[i];
            w.sample("camsink_query_duration_seconds_bucket", cumulative, "le", PrometheusWriter.number(Metrics.LATENCY_BOUNDS[i]));
        }
        cumulative += b[b.length - 1];
        w.sample("camsink_query_duration_seconds_bucket", cumulative, "le", "+Inf");
        w.sample("camsink_query_duration_seconds_sum", m.latencySumNanos() / 1e9);
        w.sample("camsink_query_duration_seconds_count", cumulative);

        w.family("camsink_upstream_up", "gauge", "1 when the upstream is considered healthy.");
        for (UpstreamStatus u : data.upstreamList()) {
            w.sample("camsink_upstream_up", u.healthy() ? 1 : 0, "upstream", u.address());
        }
        w.family("camsink_upstream_queries_total", "counter", "Queries sent to the upstream.");
        for (UpstreamStatus u : data.upstreamList()) {
            w.sample("camsink_upstream_queries_total", u.queries(), "upstream", u.address());
        }
        w.family("camsink_upstream_failures_total", "counter", "Queries to the upstream that failed or timed out.");
        for (UpstreamStatus u : data.upstreamList()) {
            w.sample("camsink_upstream_failures_total", u.failures(), "upstream", u.address());
        }
        w.family("camsink_upstream_rtt_seconds", "gauge", "Average round-trip time to the upstream.");
        for (UpstreamStatus u : data.upstreamList()) {
            w.sample("camsink_upstream_rtt_seconds", u.averageRttMillis() / 1000.0, "upstream", u.address());
        }

        w.family("camsink_list_domains", "gauge", "Domain rules loaded from the list.");
        for (ListStatus l : data.listList()) {
            w.sample("camsink_list_domains", l.domains(), "list", l.id());
        }
        w.family("camsink_list_ranges", "gauge", "Address ranges loaded from the list.");
        for (ListStatus l : data.listList()) {
            w.sample("camsink_list_ranges", l.ranges(), "list", l.id());
        }
        w.family("camsink_list_invalid_lines", "gauge", "Lines of the list that were skipped as invalid.");
        for (ListStatus l : data.listList()) {
            w.sample("camsink_list_invalid_lines", l.invalidLines(), "list", l.id());
        }
        w.family("camsink_list_loaded_timestamp_seconds", "gauge", "When the list was last loaded, seconds since the Unix epoch.");
        for (ListStatus l : data.listList()) {
            if (l.loadedAt() != null) {
                w.sample("camsink_list_loaded_timestamp_seconds", l.loadedAt().getEpochSecond(), "list", l.id());
            }
        }

        DeviceTable devices = data.deviceTable();
        w.family("camsink_device_table_rows", "gauge", "Rows in the device table (client, list, entry).");
        w.sample("camsink_device_table_rows", devices.size());
        w.family("camsink_device_table_evicted_total", "counter", "Device table rows dropped to stay within its capacity.");
        w.sample("camsink_device_table_evicted_total", devices.evicted());

        LimitStatus limits = data.limitStatus();
        w.family("camsink_rate_limited_total", "counter", "Queries refused by a rate limit, by the bucket that refused.");
        w.sample("camsink_rate_limited_total", limits.limitedByClient(), "bucket", "client");
        w.sample("camsink_rate_limited_total", limits.limitedByNetwork(), "bucket", "network");
        w.family("camsink_rrl_limited_total", "counter", "UDP answers held back by response rate limiting.");
        w.sample("camsink_rrl_limited_total", limits.rrlSlipped(), "action", "slip");
        w.sample("camsink_rrl_limited_total", limits.rrlDropped(), "action", "drop");
        w.family("camsink_tcp_connections_closed_total", "counter", "TCP connections closed by a limit, by reason.");
        limits.tcpClosed().forEach((reason, n) -> w.sample("camsink_tcp_connections_closed_total", n, "reason", reason));

        TelemetryStatus t = data.telemetryStatus();
        w.family("camsink_telemetry_enabled", "gauge", "1 when anonymized telemetry is switched on.");
        w.sample("camsink_telemetry_enabled", t.enabled() ? 1 : 0);
        w.family("camsink_telemetry_reports_pending", "gauge", "Reports waiting in the spool.");
        w.sample("camsink_telemetry_reports_pending", t.pending());
        w.family("camsink_telemetry_reports_sent_total", "counter", "Reports accepted by the backend.");
        w.sample("camsink_telemetry_reports_sent_total", t.sent());
        w.family("camsink_telemetry_reports_rejected_total", "counter", "Reports the backend refused.");
        w.sample("camsink_telemetry_reports_rejected_total", t.rejected());

        MemoryStatus mem = data.memory();
        w.family("camsink_inflight_bytes", "gauge", "Bytes of the UDP and TCP queries being answered now.");
        w.sample("camsink_inflight_bytes", mem.inFlightBytes());
        w.family("camsink_inflight_max_bytes", "gauge", "server.inFlightMaxBytes: beyond it queries are shed.");
        w.sample("camsink_inflight_max_bytes", mem.inFlightMaxBytes());
        w.family("camsink_shed_total", "counter", "Queries shed because the in-flight budget was full (UDP dropped, TCP closed).");
        w.sample("camsink_shed_total", mem.shedUdp(), "transport", "udp");
        w.sample("camsink_shed_total", mem.shedTcp(), "transport", "tcp");
        w.family("camsink_cache_bytes", "gauge", "Heap counted for cached answers, by table.");
        w.sample("camsink_cache_bytes", mem.cacheBytes(), "table", "answers");
        w.sample("camsink_cache_bytes", mem.hotAnswerBytes(), "table", "hot");
        w.family("camsink_cache_max_bytes", "gauge", "cache.maxBytes: the most both tables may hold together.");
        w.sample("camsink_cache_max_bytes", mem.cacheMaxBytes());
        w.family("camsink_cache_entries", "gauge", "Answers in the cache.");
        w.sample("camsink_cache_entries", mem.cacheEntries());
        w.family("camsink_cache_evictions_total", "counter", "Answers evicted to stay within the cache's entries and bytes.");
        w.sample("camsink_cache_evictions_total", mem.cacheEvictions());

        var memory = ManagementFactory.getMemoryMXBean();
        MemoryUsage heap = memory.getHeapMemoryUsage();
        MemoryUsage nonHeap = memory.getNonHeapMemoryUsage();
        w.family("jvm_memory_used_bytes", "gauge", "JVM memory in use.");
        w.sample("jvm_memory_used_bytes", heap.getUsed(), "area", "heap");
        w.sample("jvm_memory_used_bytes", nonHeap.getUsed(), "area", "nonheap");
        w.family("jvm_memory_committed_bytes", "gauge", "JVM memory committed by the operating system.");
        w.sample("jvm_memory_committed_bytes", heap.getCommitted(), "area", "heap");
        w.sample("jvm_memory_committed_bytes", nonHeap.getCommitted(), "area", "nonheap");
        w.family("jvm_memory_max_bytes", "gauge", "Most memory the JVM may use (-1 when unbounded).");
        w.sample("jvm_memory_max_bytes", heap.getMax(), "area", "heap");
        w.sample("jvm_memory_max_bytes", nonHeap.getMax(), "area", "nonheap");
        w.family("jvm_threads_live", "gauge", "Live JVM threads.");
        w.sample("jvm_threads_live", ManagementFactory.getThreadMXBean().getThreadCount());
        return w.toString();
    }
}

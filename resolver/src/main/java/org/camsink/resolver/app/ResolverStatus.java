package org.camsink.resolver.app;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.camsink.resolver.server.TcpCounters;
import org.camsink.resolver.status.LimitStatus;
import org.camsink.resolver.cache.AnswerCache;
import org.camsink.resolver.pipeline.Transport;
import org.camsink.resolver.server.DnsServer;
import org.camsink.resolver.server.InFlightBudget;
import org.camsink.resolver.server.QueryService;
import org.camsink.resolver.status.ListStatus;
import org.camsink.resolver.status.MemoryStatus;
import org.camsink.resolver.status.StatusSource;
import org.camsink.resolver.status.TelemetryStatus;
import org.camsink.resolver.status.UpstreamStatus;
import org.camsink.resolver.telemetry.TelemetryService;

/** The running resolver's status for the admin server, always read from the current engine. */
final class ResolverStatus implements StatusSource {
    private final Supplier<Engine> engine;
    private volatile TelemetryService telemetry;
    private volatile TcpCounters tcp;
    private volatile DnsServer server;
    private volatile QueryService service;

    ResolverStatus(Supplier<Engine> engine) {
        this.engine = engine;
    }

    @Override
    public List<UpstreamStatus> upstreams() {
        return engine.get().forwarder().status();
    }

    @Override
    public List<ListStatus> lists() {
        return engine.get().lists().status();
    }

    void tcp(TcpCounters counters) {
        this.tcp = counters;
    }

    @Override
    public LimitStatus limits() {
        Engine e = engine.get();
        TcpCounters t = tcp;
        return new LimitStatus(e.limiter().limitedByClient(), e.limiter().limitedByNetwork(), e.rrl().slipped(),
                e.rrl().dropped(), t == null ? Map.of() : t.byReason());
    }

    void server(DnsServer server, QueryService service) {
        this.server = server;
        this.service = service;
    }

    @Override
    public MemoryStatus memory() {
        DnsServer s = server;
        QueryService q = service;
        if (s == null || q == null) {
            return MemoryStatus.none();
        }
        InFlightBudget b = s.budget();
        AnswerCache cache = engine.get().cache();
        return new MemoryStatus(b.usedBytes(), b.maxBytes(), b.shed(Transport.UDP), b.shed(Transport.TCP),
                cache.bytes(), q.hotAnswerBytes(), cache.settings().maxBytes(), cache.size(), cache.evictions());
    }

    void telemetry(TelemetryService service) {
        this.telemetry = service;
    }

    @Override
    public TelemetryStatus telemetry() {
        TelemetryService t = telemetry;
        return t == null ? TelemetryStatus.off() : t.status();
    }

    @Override
    public byte[] telemetryPreview() {
        TelemetryService t = telemetry;
        return t == null ? null : t.preview();
    }
}

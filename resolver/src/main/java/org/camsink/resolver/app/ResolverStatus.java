package org.camsink.resolver.app;

import java.util.List;
import java.util.function.Supplier;
import org.camsink.resolver.status.ListStatus;
import org.camsink.resolver.status.StatusSource;
import org.camsink.resolver.status.TelemetryStatus;
import org.camsink.resolver.status.UpstreamStatus;

/** The running resolver's status for the admin server, always read from the current engine. */
final class ResolverStatus implements StatusSource {
    private final Supplier<Engine> engine;

    ResolverStatus(Supplier<Engine> engine) {
        this.engine = engine;
    }

    @Override
    public List<UpstreamStatus> upstreams() {
        return engine.get().forwarder().status();
    }

    @Override
    public List<ListStatus> lists() {
        return List.of();
    }

    @Override
    public TelemetryStatus telemetry() {
        return TelemetryStatus.off();
    }

    @Override
    public byte[] telemetryPreview() {
        return null;
    }
}

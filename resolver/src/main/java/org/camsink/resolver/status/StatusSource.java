package org.camsink.resolver.status;

import java.util.List;

/** Read-only views that the admin server shows; the running resolver supplies them. */
public interface StatusSource {
    List<UpstreamStatus> upstreams();

    List<ListStatus> lists();

    TelemetryStatus telemetry();

    /** The exact bytes of the next telemetry report, or null when telemetry is off. */
    byte[] telemetryPreview();

    /** What the per-client limits turned away. */
    default LimitStatus limits() {
        return LimitStatus.none();
    }

    /** The byte budgets of queries in flight and of cached answers. */
    default MemoryStatus memory() {
        return MemoryStatus.none();
    }
}

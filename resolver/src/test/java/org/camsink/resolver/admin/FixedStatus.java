package org.camsink.resolver.admin;

import java.util.List;
import org.camsink.resolver.status.ListStatus;
import org.camsink.resolver.status.StatusSource;
import org.camsink.resolver.status.TelemetryStatus;
import org.camsink.resolver.status.UpstreamStatus;

/** A status source with given values, for tests of the admin server on its own. */
record FixedStatus(List<UpstreamStatus> upstreams, List<ListStatus> lists, TelemetryStatus telemetry, byte[] preview)
        implements StatusSource {

    @Override
    public byte[] telemetryPreview() {
        return preview;
    }
}

package org.camsink.resolver.status;

import java.time.Instant;

/** The health view of one upstream, for the admin page and metrics. */
public record UpstreamStatus(String address, boolean healthy, long queries, long failures, double averageRttMillis,
                             Instant lastFailure) {}

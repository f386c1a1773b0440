package org.camsink.resolver.status;

import java.time.Instant;

/** One loaded list, for the admin page and metrics. */
public record ListStatus(String id, String source, String action, long domains, long ranges, long invalidLines,
                         Instant loadedAt, String error) {}

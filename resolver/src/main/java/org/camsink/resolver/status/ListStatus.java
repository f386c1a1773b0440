package org.camsink.resolver.status;

import java.time.Instant;

/**
 * One loaded list, for the admin page and metrics.
 *
 * @param firstProblem the first invalid or skipped line of the last good load ({@code file:line: reason}), or null
 */
public record ListStatus(String id, String source, String action, long domains, long ranges, long invalidLines,
                         Instant loadedAt, String error, String firstProblem) {
    public ListStatus(String id, String source, String action, long domains, long ranges, long invalidLines,
                      Instant loadedAt, String error) {
        this(id, source, action, domains, ranges, invalidLines, loadedAt, error, null);
    }
}

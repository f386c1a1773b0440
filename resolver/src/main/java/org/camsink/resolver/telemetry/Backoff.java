package org.camsink.resolver.telemetry;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: after the n-th failure in a row, wait a uniformly random time in
 * {@code [base/2, min(cap, base * 2^n)]}. The floor of half the base keeps two attempts from landing back to back;
 * the randomness spreads installations that failed together. A server's Retry-After raises the wait (up to the cap).
 */
record Backoff(Duration base, Duration cap, RandomGenerator random) {

    /** Base 2 s, capped at 15 min or the interval, whichever is shorter (never below the base). */
    static Backoff forInterval(Duration interval, RandomGenerator random) {
        Duration base = Duration.ofSeconds(2);
        Duration cap = interval.compareTo(Duration.ofMinutes(15)) < 0 ? interval : Duration.ofMinutes(15);
        return new Backoff(base, cap.compareTo(base) < 0 ? base : cap, random);
    }

    Duration delay(int failures, Duration retryAfter) {
        long baseMs = base.toMillis();
        long ceiling = Math.min(cap.toMillis(), baseMs << Math.min(failures, 30));
        long floor = Math.min(baseMs / 2, ceiling);
        long ms = floor + (ceiling > floor ? random.nextLong(ceiling - floor + 1) : 0);
        if (retryAfter != null) {
            ms = Math.max(ms, Math.min(retryAfter.toMillis(), cap.toMillis()));
        }
        return Duration.ofMillis(ms);
    }
}

package org.camsink.resolver.upstream;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.camsink.resolver.status.UpstreamStatus;

/**
 * Counters for one upstream. It is unhealthy after {@value #FAILURES_TO_UNHEALTHY} failures in a row, and healthy
 * again after one success or once {@value #RETRY_AFTER_MILLIS} ms have passed since the last failure (so a
 * recovered upstream gets tried again even when the others keep answering).
 */
public final class UpstreamHealth {
    static final int FAILURES_TO_UNHEALTHY = 3;
    static final long RETRY_AFTER_MILLIS = 30_000;

    private final Upstream upstream;
    private final LongAdder queries = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder rttMicros = new LongAdder();
    private final LongAdder answered = new LongAdder();
    private final AtomicLong consecutiveFailures = new AtomicLong();
    private volatile long lastFailureMillis;

    public UpstreamHealth(Upstream upstream) {
        this.upstream = upstream;
    }

    public Upstream upstream() {
        return upstream;
    }

    void success(long nanos) {
        queries.increment();
        answered.increment();
        rttMicros.add(nanos / 1000);
        consecutiveFailures.set(0);
    }

    void failure() {
        queries.increment();
        failures.increment();
        consecutiveFailures.incrementAndGet();
        lastFailureMillis = System.currentTimeMillis();
    }

    public boolean healthy() {
        return consecutiveFailures.get() < FAILURES_TO_UNHEALTHY
                || System.currentTimeMillis() - lastFailureMillis > RETRY_AFTER_MILLIS;
    }

    public UpstreamStatus status() {
        long n = answered.sum();
        double avg = n == 0 ? 0 : rttMicros.sum() / 1000.0 / n;
        long last = lastFailureMillis;
        return new UpstreamStatus(upstream.address(), healthy(), queries.sum(), failures.sum(), avg,
                last == 0 ? null : Instant.ofEpochMilli(last));
    }
}

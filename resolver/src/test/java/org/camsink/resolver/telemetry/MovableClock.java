package org.camsink.resolver.telemetry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A UTC clock that runs at real speed from a chosen start and can be moved forward. */
public final class MovableClock extends Clock {
    private volatile long offsetMillis;

    public MovableClock(Instant start) {
        this.offsetMillis = start.toEpochMilli() - System.currentTimeMillis();
    }

    public void advance(Duration d) {
        offsetMillis += d.toMillis();
    }

    /** Jumps to {@code t} and keeps running from there. */
    public void set(Instant t) {
        offsetMillis = t.toEpochMilli() - System.currentTimeMillis();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("UTC only");
    }

    @Override
    public long millis() {
        return System.currentTimeMillis() + offsetMillis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }
}

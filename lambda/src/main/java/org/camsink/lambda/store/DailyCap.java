package org.camsink.lambda.store;

/** Per-installation daily report counters, for the ingest cap. */
public interface DailyCap {

    /** Takes one unit of the day's allowance; false (and nothing changes) when {@code cap} units are taken. */
    boolean take(String day, String installation, int cap, long expiresAtEpochSeconds);

    /** Gives one unit back, after a duplicate turned out not to need it. */
    void giveBack(String day, String installation);
}

package org.camsink.lambda.store;

/** Per-installation daily report counters, for the ingest cap. */
public interface DailyCap {

    /** Takes one unit of the day's allowance; false (and nothing changes) when {@code cap} units are taken. */
    boolean take(String day, String installation, int cap, long expiresAtEpochSeconds);

    /**
     * Adds the report's row keys to the installation's rows of the day; false (and the rows are taken back) when
     * the day would then hold more than {@code maxRows} distinct rows.
     */
    boolean addRows(String day, String installation, java.util.Set<String> rows, int maxRows);

    /** Gives one unit back, after a duplicate turned out not to need it. */
    void giveBack(String day, String installation);
}

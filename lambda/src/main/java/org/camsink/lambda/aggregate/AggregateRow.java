package org.camsink.lambda.aggregate;

/**
 * One aggregate cell of one country and day. Columns that the grain does not have hold {@link Grain#ALL};
 * {@code entry} is null unless the grain has entries.
 *
 * @param installations       distinct installation pseudonyms with at least one hit in the cell
 * @param activeInstallations distinct installation pseudonyms that reported at all in the cell's region (or the
 *                            whole country) on that day: the denominator of the exposure rate
 * @param clients             the sum of the reports' LAN client counts for the cell's hits
 * @param queries             the sum of matched queries
 */
public record AggregateRow(Grain grain, String country, String day, String region, String list, String entry,
                           long installations, long activeInstallations, long clients, long queries) {

    /** Exposed share of reporting installations, 0 when nobody reported. */
    public double exposureRate() {
        return activeInstallations == 0 ? 0.0 : (double) installations / activeInstallations;
    }
}

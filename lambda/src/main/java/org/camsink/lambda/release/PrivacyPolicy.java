package org.camsink.lambda.release;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.camsink.lambda.aggregate.Grain;

/**
 * What one installation can contribute to a day's statistics, and what that makes of every published column's
 * noise and of the publication threshold, for a stated {@code (epsilon, delta)} per installation and day over all
 * grains.
 *
 * <p><b>Bounds</b> (enforced at ingest and again, deterministically, at aggregation): at most {@code maxRows}
 * (list, entry, match) rows per installation and day, list ids from the bundled catalogue only (so at most
 * {@code lists} of them), and per installation and published cell at most {@code clipQueries} queries and
 * {@code clipClients} clients. An installation then touches at most 1 cell of the {@code d} and {@code dr}
 * grains, {@code min(maxRows, lists)} of {@code dl} and {@code drl}, and {@code maxRows} of {@code dle} and
 * {@code drle}; that number is the L1 sensitivity of the grain's installation counts, times the clip for clients
 * and queries. The active-installation counts (by region and for the country) have sensitivity 1 each.
 *
 * <p><b>Budget</b>: epsilon is split by fixed weights, {@value #INSTALLATIONS_WEIGHT} for a grain's installations,
 * {@value #CLIENTS_WEIGHT} for its clients, {@value #QUERIES_WEIGHT} for its queries, and
 * {@value #ACTIVE_WEIGHT} for each of the two active counts; a column with share {@code e} and sensitivity
 * {@code s} gets discrete Laplace noise of scale {@code s / e}, which is {@code e}-differentially private. The
 * shares add up to epsilon (basic composition).
 *
 * <p><b>Threshold</b>: a cell is published only when its exact installation count is at least {@code k} (the
 * floor) and its noisy one at least {@code threshold}. Removing one installation can take a cell from {@code k}
 * to {@code k - 1}, where it is never published; the chance that it was published before is
 * {@code P(noise >= threshold - k) <= q^(threshold - k)}. The threshold makes that at most {@code delta / cells},
 * where {@code cells} is the most cells one installation touches over all grains, so delta bounds the sum.
 */
public record PrivacyPolicy(BigDecimal epsilon, double delta, int k, int maxRows, int lists, long clipQueries,
                            long clipClients) {
    public static final int INSTALLATIONS_WEIGHT = 4;
    public static final int CLIENTS_WEIGHT = 1;
    public static final int QUERIES_WEIGHT = 1;
    public static final int ACTIVE_WEIGHT = 4;
    /** The sum of all weights: six grains of three columns, and the two active counts. */
    static final int TOTAL_WEIGHT = Grain.values().length * (INSTALLATIONS_WEIGHT + CLIENTS_WEIGHT + QUERIES_WEIGHT)
            + 2 * ACTIVE_WEIGHT;

    /** A published column of a grain. */
    public enum Column { INSTALLATIONS, CLIENTS, QUERIES }

    public PrivacyPolicy {
        if (epsilon == null || epsilon.signum() <= 0) {
            throw new IllegalArgumentException("DP_EPSILON must be above 0");
        }
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("DP_DELTA must be between 0 and 1 (exclusive)");
        }
        if (k < 1 || maxRows < 1 || lists < 1 || clipQueries < 1 || clipClients < 1) {
            throw new IllegalArgumentException("k, MAX_ROWS_PER_DAY, the list count and the clips must be 1 or more");
        }
    }

    /** Cells of this grain one installation touches: the L1 sensitivity of its installation counts. */
    public long cellsTouched(Grain grain) {
        if (grain.hasEntry()) {
            return maxRows;
        }
        return grain.hasList() ? Math.min(maxRows, lists) : 1;
    }

    /** Cells one installation touches over all grains, plus its two active counts. */
    public long cellsTouched() {
        long sum = 2;
        for (Grain g : Grain.values()) {
            sum += cellsTouched(g);
        }
        return sum;
    }

    public Scale scale(Grain grain, Column column) {
        long sensitivity = cellsTouched(grain) * switch (column) {
            case INSTALLATIONS -> 1;
            case CLIENTS -> clipClients;
            case QUERIES -> clipQueries;
        };
        int weight = switch (column) {
            case INSTALLATIONS -> INSTALLATIONS_WEIGHT;
            case CLIENTS -> CLIENTS_WEIGHT;
            case QUERIES -> QUERIES_WEIGHT;
        };
        return scale(sensitivity, weight);
    }

    /** The scale of an active-installation count (by region, or for the whole country). */
    public Scale activeScale() {
        return scale(1, ACTIVE_WEIGHT);
    }

    /** The smallest noisy installation count at which a cell of this grain is published. */
    public long threshold(Grain grain) {
        return threshold(scale(grain, Column.INSTALLATIONS));
    }

    /** The smallest noisy active count at which a region's (or the country's) denominator is published. */
    public long activeThreshold() {
        return threshold(activeScale());
    }

    private long threshold(Scale scale) {
        double margin = scale.value() * Math.log(cellsTouched() / delta);
        return k + (long) Math.ceil(margin);
    }

    /** {@code sensitivity / (epsilon * weight / TOTAL_WEIGHT)}, exactly. */
    private Scale scale(long sensitivity, int weight) {
        BigInteger unscaled = epsilon.unscaledValue();
        BigInteger tenPower = BigInteger.TEN.pow(Math.max(0, epsilon.scale()));
        BigInteger extra = epsilon.scale() < 0 ? BigInteger.TEN.pow(-epsilon.scale()) : BigInteger.ONE;
        // epsilon = unscaled * extra / tenPower
        BigInteger num = BigInteger.valueOf(sensitivity).multiply(BigInteger.valueOf(TOTAL_WEIGHT)).multiply(tenPower);
        BigInteger den = unscaled.multiply(extra).multiply(BigInteger.valueOf(weight));
        BigInteger g = num.gcd(den);
        return new Scale(num.divide(g).longValueExact(), den.divide(g).longValueExact());
    }
}

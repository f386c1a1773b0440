package org.camsink.lambda.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The sampler's distribution over many draws: mean 0, the variance {@code 2q/(1-q)^2}, symmetry, and the
 * geometric decay {@code P(x+1)/P(x) = q} that the privacy proof relies on.
 */
class DiscreteLaplaceTest {
    private static final int DRAWS = 200_000;

    private static Map<Long, Integer> histogram(DiscreteLaplace d, Scale scale, double[] moments) {
        Map<Long, Integer> h = new HashMap<>();
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < DRAWS; i++) {
            long x = d.sample(scale);
            h.merge(x, 1, Integer::sum);
            sum += x;
            squares += (double) x * x;
        }
        moments[0] = sum / DRAWS;
        moments[1] = squares / DRAWS - moments[0] * moments[0];
        return h;
    }

    @Test
    void meanVarianceAndSymmetryMatchTheDistribution() {
        Scale scale = new Scale(3, 1);
        double[] m = new double[2];
        Map<Long, Integer> h = histogram(new DiscreteLaplace(new SecureRandom()), scale, m);
        double sd = scale.standardDeviation();
        // 5 standard errors of the mean; the variance within 5 %
        assertThat(Math.abs(m[0])).isLessThan(5 * sd / Math.sqrt(DRAWS));
        assertThat(m[1]).isCloseTo(scale.variance(), org.assertj.core.data.Percentage.withPercentage(5));
        for (long x = 1; x <= 6; x++) {
            int plus = h.getOrDefault(x, 0);
            int minus = h.getOrDefault(-x, 0);
            // the two counts differ by less than 5 standard deviations of their difference
            assertThat((double) Math.abs(plus - minus)).as("P(%d) against P(-%d)", x, x)
                    .isLessThan(5 * Math.sqrt(plus + minus));
        }
        double q = scale.ratio();
        double p0 = (1 - q) / (1 + q);
        assertThat(h.get(0L) / (double) DRAWS).isCloseTo(p0, org.assertj.core.data.Offset.offset(0.01));
        for (long x = 0; x < 4; x++) {
            double ratio = (double) h.get(x + 1) / h.get(x);
            assertThat(ratio).as("P(%d)/P(%d)", x + 1, x).isCloseTo(q, org.assertj.core.data.Offset.offset(0.04));
        }
    }

    @Test
    void aFractionalScaleIsSampledExactlyToo() {
        // scale 22/7: the exp(-1/t) trials run on rationals, nothing is rounded
        Scale scale = new Scale(22, 7);
        double[] m = new double[2];
        histogram(new DiscreteLaplace(new SplittableRandom(11)), scale, m);
        assertThat(Math.abs(m[0])).isLessThan(5 * scale.standardDeviation() / Math.sqrt(DRAWS));
        assertThat(m[1]).isCloseTo(scale.variance(), org.assertj.core.data.Percentage.withPercentage(5));
    }

    @Test
    void bernoulliExpHasProbabilityExpMinusGamma() {
        DiscreteLaplace d = new DiscreteLaplace(new SplittableRandom(5));
        for (long[] g : new long[][] {{0, 1}, {1, 2}, {1, 1}, {5, 2}}) {
            int hits = 0;
            for (int i = 0; i < DRAWS; i++) {
                if (d.bernoulliExp(g[0], g[1])) {
                    hits++;
                }
            }
            double p = Math.exp(-(double) g[0] / g[1]);
            assertThat(hits / (double) DRAWS).as("exp(-%d/%d)", g[0], g[1])
                    .isCloseTo(p, org.assertj.core.data.Offset.offset(5 * Math.sqrt(p * (1 - p) / DRAWS) + 1e-9));
        }
    }
}

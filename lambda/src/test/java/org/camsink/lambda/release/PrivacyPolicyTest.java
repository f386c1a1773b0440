package org.camsink.lambda.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import org.camsink.lambda.aggregate.Grain;
import org.camsink.lambda.release.PrivacyPolicy.Column;
import org.junit.jupiter.api.Test;

/** The accounting: the columns' epsilons add up to the stated one, and the threshold meets the stated delta. */
class PrivacyPolicyTest {
    private static final PrivacyPolicy DEFAULT = new PrivacyPolicy(new BigDecimal("4"), 1e-6, 5, 8, 6, 1000, 16);

    @Test
    void theEpsilonsOfAllPublishedColumnsAddUpToTheStatedOne() {
        BigDecimal sum = BigDecimal.ZERO;
        for (Grain g : Grain.values()) {
            long[] sensitivity = {DEFAULT.cellsTouched(g), DEFAULT.cellsTouched(g) * 16, DEFAULT.cellsTouched(g) * 1000};
            Column[] columns = Column.values();
            for (int c = 0; c < columns.length; c++) {
                Scale s = DEFAULT.scale(g, columns[c]);
                // epsilon of a column = sensitivity / scale
                sum = sum.add(BigDecimal.valueOf(sensitivity[c] * s.denominator())
                        .divide(BigDecimal.valueOf(s.numerator()), MathContext.DECIMAL64));
            }
        }
        Scale active = DEFAULT.activeScale();
        sum = sum.add(BigDecimal.valueOf(2 * active.denominator())
                .divide(BigDecimal.valueOf(active.numerator()), MathContext.DECIMAL64));
        assertThat(sum.doubleValue()).isCloseTo(4.0, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void aCellAtKIsPublishedWithAtMostItsShareOfDelta() {
        for (Grain g : Grain.values()) {
            long threshold = DEFAULT.threshold(g);
            double q = DEFAULT.scale(g, Column.INSTALLATIONS).ratio();
            // P(k + noise >= threshold) = q^(threshold - k) / (1 + q)
            double p = Math.pow(q, threshold - DEFAULT.k()) / (1 + q);
            assertThat(p * DEFAULT.cellsTouched()).as(g.name()).isLessThanOrEqualTo(1e-6);
            assertThat(threshold).isGreaterThan(DEFAULT.k());
        }
    }

    @Test
    void theDefaultsGiveTheseNoiseFigures() {
        // the figures README states
        assertThat(DEFAULT.cellsTouched()).isEqualTo(32);
        assertThat(DEFAULT.scale(Grain.DAY, Column.INSTALLATIONS).value()).isEqualTo(2.75);
        assertThat(DEFAULT.threshold(Grain.DAY)).isEqualTo(53);
        assertThat(DEFAULT.threshold(Grain.DAY_REGION_LIST)).isEqualTo(291);
        assertThat(DEFAULT.threshold(Grain.DAY_LIST_ENTRY)).isEqualTo(386);
        assertThat(DEFAULT.activeThreshold()).isEqualTo(53);
    }
}

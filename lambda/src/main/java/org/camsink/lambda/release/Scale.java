package org.camsink.lambda.release;

import java.math.BigInteger;

/**
 * A positive rational noise scale {@code numerator / denominator}: the discrete Laplace noise drawn with it has
 * {@code P(x)} proportional to {@code exp(-|x| * denominator / numerator)}. Kept as two integers so that sampling
 * never touches floating point.
 */
public record Scale(long numerator, long denominator) {
    public Scale {
        if (numerator <= 0 || denominator <= 0) {
            throw new IllegalArgumentException("a noise scale is a positive fraction, not " + numerator + "/" + denominator);
        }
        long g = BigInteger.valueOf(numerator).gcd(BigInteger.valueOf(denominator)).longValueExact();
        numerator /= g;
        denominator /= g;
    }

    public double value() {
        return (double) numerator / denominator;
    }

    /** {@code q = exp(-1/scale)}, the ratio of the probabilities of two neighbouring values. */
    public double ratio() {
        return Math.exp(-1.0 / value());
    }

    /** The standard deviation of the noise: {@code sqrt(2q) / (1 - q)}. */
    public double standardDeviation() {
        double q = ratio();
        return Math.sqrt(2 * q) / (1 - q);
    }

    /** The variance of the noise: {@code 2q / (1 - q)^2}. */
    public double variance() {
        double q = ratio();
        return 2 * q / ((1 - q) * (1 - q));
    }
}

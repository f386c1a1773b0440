package org.camsink.lambda.release;

import java.util.random.RandomGenerator;

/**
 * Exact sampling of the discrete Laplace (two-sided geometric) distribution, {@code P(x) = (1-q)/(1+q) q^|x|}
 * with {@code q = exp(-1/scale)}, using only integer arithmetic on uniform integers from the given source (a
 * {@link java.security.SecureRandom} in production). No floating-point value is ever turned into a sample, so
 * the distribution is exactly the one the privacy analysis assumes, with none of the gaps that rounding a
 * floating-point Laplace sample leaves (Mironov, "On Significance of the Least Significant Bits for
 * Differential Privacy", CCS 2012).
 *
 * <p>The method is the one of Canonne, Kamath and Steinke, "The Discrete Gaussian for Differential Privacy",
 * NeurIPS 2020 (arXiv:2004.00010), Algorithms 1 and 2: a Bernoulli trial with probability {@code exp(-n/d)} is
 * built from Bernoulli trials with rational probabilities (a uniform integer below a bound), and the discrete
 * Laplace sample from a uniform remainder, a geometric count of {@code exp(-1)} trials, and a random sign.
 */
public final class DiscreteLaplace {
    private final RandomGenerator random;

    public DiscreteLaplace(RandomGenerator random) {
        this.random = random;
    }

    /** One sample with this scale. */
    public long sample(Scale scale) {
        long t = scale.numerator();
        long s = scale.denominator();
        while (true) {
            long u = random.nextLong(t);
            if (!bernoulliExp(u, t)) {
                continue;
            }
            long v = 0;
            while (bernoulliExp(1, 1)) {
                v++;
            }
            long x = Math.addExact(u, Math.multiplyExact(t, v));
            long y = x / s;
            boolean negative = random.nextBoolean();
            if (negative && y == 0) {
                continue;
            }
            return negative ? -y : y;
        }
    }

    /** True with probability {@code exp(-n/d)}, for {@code n >= 0}, {@code d > 0}. */
    boolean bernoulliExp(long n, long d) {
        long whole = n / d;
        for (long i = 0; i < whole; i++) {
            if (!bernoulliExpAtMostOne(1, 1)) {
                return false;
            }
        }
        return bernoulliExpAtMostOne(n - whole * d, d);
    }

    /** True with probability {@code exp(-n/d)} for {@code 0 <= n <= d}: the parity of the first failed trial. */
    private boolean bernoulliExpAtMostOne(long n, long d) {
        long k = 1;
        while (bernoulli(n, Math.multiplyExact(d, k))) {
            k++;
        }
        return k % 2 == 1;
    }

    /** True with probability {@code n/d}. */
    private boolean bernoulli(long n, long d) {
        return random.nextLong(d) < n;
    }
}

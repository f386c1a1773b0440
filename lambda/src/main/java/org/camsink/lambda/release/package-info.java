/**
 * Differentially private releases: the exact discrete Laplace sampler, the privacy parameters (epsilon, delta, k,
 * the contribution bounds and what they make of each published column's noise and threshold), and the step that
 * turns a cell's exact rows into the noisy rows that are published once and never recomputed.
 */
package org.camsink.lambda.release;

/**
 * Aggregation: recomputes the statistics of every dirty (country, day) cell from its raw reports and overwrites
 * the stored rows. {@link org.camsink.lambda.aggregate.Aggregator} is the pure function;
 * {@link org.camsink.lambda.aggregate.AggregationService} drives it over the dirty markers.
 */
package org.camsink.lambda.aggregate;

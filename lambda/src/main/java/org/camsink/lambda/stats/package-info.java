/** The statistics API: query parsing, k-anonymity suppression and the JSON and CSV formats. */
package org.camsink.lambda.stats;

/** The statistics API: query parsing over the released rows, and the JSON and CSV formats with the privacy statement. */
package org.camsink.lambda.stats;

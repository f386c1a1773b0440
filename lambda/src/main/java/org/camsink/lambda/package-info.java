/** The serverless backend: report ingest, aggregation and the statistics API. */
package org.camsink.lambda;

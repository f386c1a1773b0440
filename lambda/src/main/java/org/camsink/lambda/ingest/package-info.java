/** Report ingest: decode and validate with the shared contract, cap per installation and day, store exactly once. */
package org.camsink.lambda.ingest;

/** Test support: the shared dynalite, handlers over fresh tables, golden and generated reports, stats readers. */
package org.camsink.lambda.testing;

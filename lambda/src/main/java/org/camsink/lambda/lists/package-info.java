/** The catalogue metadata served at {@code GET /v1/lists}, so clients can label list ids. */
package org.camsink.lambda.lists;

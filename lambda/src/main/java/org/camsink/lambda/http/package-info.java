/** The API Gateway v2 event shapes as the handlers see them: a request view and a response builder. */
package org.camsink.lambda.http;

/** The backend's configuration, read from the Lambda environment or built by the local runner. */
package org.camsink.lambda.config;

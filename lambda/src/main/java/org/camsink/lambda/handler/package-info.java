/**
 * The Lambda entry points. Each has a public no-argument constructor for the runtime (configuration from the
 * environment, DynamoDB client built at init, registered for SnapStart priming) and a constructor taking a
 * {@code BackendConfig} and a {@code DynamoDbClient} for tests and the local runner. Handlers only map events to
 * service calls and back.
 */
package org.camsink.lambda.handler;

/**
 * The storage port: small interfaces for raw reports, dirty markers, aggregates and daily caps. The DynamoDB
 * adapters live in {@code store.dynamo} and receive their {@code DynamoDbClient} through their constructors.
 */
package org.camsink.lambda.store;

/**
 * DynamoDB adapters for the storage port, plus {@link org.camsink.lambda.store.dynamo.Tables} (table creation for
 * local runs) and {@link org.camsink.lambda.store.dynamo.DynamoClients} (client construction for Lambda and local).
 * Operations used: reports table PutItem (conditional) and Query; stats table UpdateItem, Query, DeleteItem
 * (conditional) and BatchWriteItem.
 */
package org.camsink.lambda.store.dynamo;

package org.camsink.lambda.store.dynamo;

import java.time.Duration;
import org.camsink.lambda.config.BackendConfig;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * Creates the two tables when they are missing, for local runs and tests (the SAM template creates them in AWS).
 * Both have the same key schema: HASH {@code pk} (S), RANGE {@code sk} (S), on demand.
 */
public final class Tables {
    private Tables() {}

    public static void ensure(DynamoDbClient dynamo, BackendConfig config) {
        ensure(dynamo, config.reportsTable());
        ensure(dynamo, config.statsTable());
    }

    public static void ensure(DynamoDbClient dynamo, String table) {
        try {
            dynamo.describeTable(b -> b.tableName(table));
        } catch (ResourceNotFoundException missing) {
            try {
                dynamo.createTable(b -> b.tableName(table)
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(
                                AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                                AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build())
                        .keySchema(
                                KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build()));
            } catch (ResourceInUseException raced) {
                // Created by someone else meanwhile.
            }
        }
        awaitActive(dynamo, table, Duration.ofSeconds(30));
    }

    private static void awaitActive(DynamoDbClient dynamo, String table, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (dynamo.describeTable(b -> b.tableName(table)).table().tableStatus() != TableStatus.ACTIVE) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("table " + table + " did not become ACTIVE within " + timeout);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for table " + table, e);
            }
        }
    }
}

package org.camsink.lambda.store.dynamo;

import static org.camsink.lambda.store.dynamo.ReportItems.n;
import static org.camsink.lambda.store.dynamo.ReportItems.s;

import java.util.Map;
import org.camsink.lambda.store.SpentTokens;
import org.camsink.lambda.store.StorageException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Spent nonces in the stats table: pk {@code NONCE#<nonce>}, sk {@code -}, the report id and {@code expiresAt}
 * (the end of the token key's window, after which the token is refused anyway). One conditional put, no
 * transaction: {@code attribute_not_exists(pk) OR reportId = :rid}.
 */
public final class DynamoSpentTokens implements SpentTokens {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoSpentTokens(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public boolean spend(String nonce, String reportId, long expiresAtEpochSeconds) {
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of("pk", s("NONCE#" + nonce), "sk", s("-"), "reportId", s(reportId),
                            "expiresAt", n(expiresAtEpochSeconds)))
                    .conditionExpression("attribute_not_exists(pk) OR reportId = :rid")
                    .expressionAttributeValues(Map.of(":rid", s(reportId))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        } catch (SdkException e) {
            throw new StorageException("spent-token write failed", e);
        }
    }
}

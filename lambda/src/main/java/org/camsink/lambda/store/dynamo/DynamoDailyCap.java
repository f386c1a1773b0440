package org.camsink.lambda.store.dynamo;

import static org.camsink.lambda.store.dynamo.ReportItems.n;
import static org.camsink.lambda.store.dynamo.ReportItems.s;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camsink.lambda.store.DailyCap;
import org.camsink.lambda.store.StorageException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Daily counters in the stats table: pk {@code CAP#<DAY>}, sk the installation pseudonym, {@code n} (reports),
 * {@code r} (the day's distinct row keys, a string set) and {@code expiresAt}.
 * The token issuer counts per address block the same way ({@link #take} only) under {@code ISSUE#<DAY>}.
 */
public final class DynamoDailyCap implements DailyCap {
    /** The partition prefix of the token issuer's per-block counters. */
    public static final String ISSUANCE = "ISSUE#";

    private final DynamoDbClient dynamo;
    private final String table;
    private final String prefix;

    public DynamoDailyCap(DynamoDbClient dynamo, String table) {
        this(dynamo, table, "CAP#");
    }

    public DynamoDailyCap(DynamoDbClient dynamo, String table, String prefix) {
        this.dynamo = dynamo;
        this.table = table;
        this.prefix = prefix;
    }

    @Override
    public boolean take(String day, String installation, int cap, long expiresAtEpochSeconds) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(key(day, installation))
                    .updateExpression("ADD n :one SET expiresAt = :exp")
                    .conditionExpression("attribute_not_exists(n) OR n < :cap")
                    .expressionAttributeValues(Map.of(":one", n(1), ":exp", n(expiresAtEpochSeconds), ":cap", n(cap))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        } catch (SdkException e) {
            throw new StorageException("daily cap update failed", e);
        }
    }

    @Override
    public boolean addRows(String day, String installation, Set<String> rows, int maxRows) {
        if (rows.isEmpty()) {
            return true;
        }
        try {
            Map<String, AttributeValue> old = dynamo.updateItem(b -> b.tableName(table)
                    .key(key(day, installation))
                    .updateExpression("ADD r :rows")
                    .expressionAttributeValues(Map.of(":rows", AttributeValue.fromSs(List.copyOf(rows))))
                    .returnValues(ReturnValue.UPDATED_OLD)).attributes();
            Set<String> before = old.containsKey("r") ? new HashSet<>(old.get("r").ss()) : Set.of();
            Set<String> after = new HashSet<>(before);
            after.addAll(rows);
            if (after.size() <= maxRows) {
                return true;
            }
            List<String> added = rows.stream().filter(r -> !before.contains(r)).toList();
            if (!added.isEmpty()) {
                dynamo.updateItem(b -> b.tableName(table).key(key(day, installation))
                        .updateExpression("DELETE r :rows")
                        .expressionAttributeValues(Map.of(":rows", AttributeValue.fromSs(added))));
            }
            return false;
        } catch (SdkException e) {
            throw new StorageException("daily rows update failed", e);
        }
    }

    @Override
    public void giveBack(String day, String installation) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(key(day, installation))
                    .updateExpression("ADD n :minus")
                    .conditionExpression("n > :zero")
                    .expressionAttributeValues(Map.of(":minus", n(-1), ":zero", n(0))));
        } catch (ConditionalCheckFailedException e) {
            // Nothing to give back.
        } catch (SdkException e) {
            throw new StorageException("daily cap update failed", e);
        }
    }

    private Map<String, AttributeValue> key(String day, String installation) {
        return Map.of("pk", s(prefix + day), "sk", s(installation));
    }
}

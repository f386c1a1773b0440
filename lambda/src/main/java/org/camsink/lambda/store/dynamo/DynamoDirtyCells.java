package org.camsink.lambda.store.dynamo;

import static org.camsink.lambda.store.dynamo.ReportItems.n;
import static org.camsink.lambda.store.dynamo.ReportItems.num;
import static org.camsink.lambda.store.dynamo.ReportItems.s;

import java.util.List;
import java.util.Map;
import org.camsink.lambda.aggregate.CellKey;
import org.camsink.lambda.store.DirtyCells;
import org.camsink.lambda.store.StorageException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** Dirty markers in the stats table: pk {@code DIRTY}, sk {@code <COUNTRY>#<DAY>}, a version {@code v} and {@code markedAt}. */
public final class DynamoDirtyCells implements DirtyCells {
    static final String PARTITION = "DIRTY";
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDirtyCells(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void mark(CellKey cell, long nowMillis) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of("pk", s(PARTITION), "sk", s(cell.id())))
                    .updateExpression("ADD v :one SET markedAt = :now")
                    .expressionAttributeValues(Map.of(":one", n(1), ":now", n(nowMillis))));
        } catch (SdkException e) {
            throw new StorageException("mark dirty failed", e);
        }
    }

    @Override
    public List<DirtyMarker> list() {
        try {
            QueryRequest q = QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", s(PARTITION)))
                    .build();
            return QueryPages.all(dynamo, q).stream()
                    .map(item -> new DirtyMarker(CellKey.parse(item.get("sk").s()), num(item, "v"), num(item, "markedAt")))
                    .toList();
        } catch (SdkException e) {
            throw new StorageException("list dirty cells failed", e);
        }
    }

    @Override
    public boolean clear(DirtyMarker marker) {
        try {
            dynamo.deleteItem(b -> b.tableName(table)
                    .key(Map.of("pk", s(PARTITION), "sk", s(marker.cell().id())))
                    .conditionExpression("v = :v")
                    .expressionAttributeValues(Map.of(":v", n(marker.version()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        } catch (SdkException e) {
            throw new StorageException("clear dirty cell failed", e);
        }
    }
}

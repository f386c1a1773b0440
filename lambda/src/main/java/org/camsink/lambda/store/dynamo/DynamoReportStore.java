package org.camsink.lambda.store.dynamo;

import java.util.List;
import java.util.Map;
import org.camsink.lambda.aggregate.CellKey;
import org.camsink.lambda.store.ReportStore;
import org.camsink.lambda.store.StorageException;
import org.camsink.report.HitReport;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** Raw reports in the reports table: PutItem with {@code attribute_not_exists(sk)}, GetItem by key, Query per cell. */
public final class DynamoReportStore implements ReportStore {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoReportStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public boolean putIfAbsent(HitReport report, long expiresAtEpochSeconds) {
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(ReportItems.toItem(report, expiresAtEpochSeconds))
                    .conditionExpression("attribute_not_exists(sk)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        } catch (SdkException e) {
            throw new StorageException("put report failed", e);
        }
    }

    @Override
    public boolean contains(HitReport report) {
        try {
            return dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                    .key(Map.of(ReportItems.PK, ReportItems.s(ReportItems.partition(report.country(), report.day())),
                            ReportItems.SK, ReportItems.s(report.reportId())))
                    .projectionExpression(ReportItems.SK)).hasItem();
        } catch (SdkException e) {
            throw new StorageException("get report failed", e);
        }
    }

    @Override
    public List<HitReport> reportsOf(CellKey cell) {
        try {
            QueryRequest q = QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", ReportItems.s(cell.id())))
                    .build();
            return QueryPages.all(dynamo, q).stream().map(ReportItems::fromItem).toList();
        } catch (SdkException e) {
            throw new StorageException("query reports failed", e);
        }
    }
}

package org.camsink.lambda.store.dynamo;

import static org.camsink.lambda.store.dynamo.ReportItems.n;
import static org.camsink.lambda.store.dynamo.ReportItems.num;
import static org.camsink.lambda.store.dynamo.ReportItems.s;
import static org.camsink.lambda.store.dynamo.ReportItems.str;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camsink.lambda.aggregate.AggregateRow;
import org.camsink.lambda.aggregate.CellKey;
import org.camsink.lambda.aggregate.Grain;
import org.camsink.lambda.store.AggregateStore;
import org.camsink.lambda.store.StorageException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Aggregates in the stats table. One partition per country and grain, {@code AGG#<COUNTRY>#<grain code>}, so a
 * query reads exactly the rows it returns; sort key {@code <DAY>[#<REGION>][#<LIST>][#<ENTRY>]}.
 */
public final class DynamoAggregateStore implements AggregateStore {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoAggregateStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    static String partition(String country, Grain grain) {
        return "AGG#" + country + "#" + grain.code();
    }

    static String sortKey(AggregateRow row) {
        StringBuilder sk = new StringBuilder(row.day());
        if (row.grain().hasRegion()) {
            sk.append('#').append(row.region());
        }
        if (row.grain().hasList()) {
            sk.append('#').append(row.list());
        }
        if (row.grain().hasEntry()) {
            sk.append('#').append(row.entry());
        }
        return sk.toString();
    }

    @Override
    public void publish(List<AggregateRow> rows) {
        try {
            for (AggregateRow row : rows) {
                try {
                    dynamo.putItem(b -> b.tableName(table).item(item(row)).conditionExpression("attribute_not_exists(pk)"));
                } catch (ConditionalCheckFailedException alreadyPublished) {
                    // written by an earlier attempt at this release: its numbers stay
                }
            }
        } catch (SdkException e) {
            throw new StorageException("publish aggregates failed", e);
        }
    }

    @Override
    public boolean released(CellKey cell) {
        try {
            return dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(releaseKey(cell))).hasItem();
        } catch (SdkException e) {
            throw new StorageException("read release marker failed", e);
        }
    }

    @Override
    public void markReleased(CellKey cell, int rows) {
        Map<String, AttributeValue> item = new HashMap<>(releaseKey(cell));
        item.put("rows", n(rows));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item));
        } catch (SdkException e) {
            throw new StorageException("write release marker failed", e);
        }
    }

    /** pk {@code REL#<COUNTRY>}, sk {@code <DAY>}: present once every row of the day's release is written. */
    static Map<String, AttributeValue> releaseKey(CellKey cell) {
        return Map.of("pk", s("REL#" + cell.country()), "sk", s(cell.day()));
    }

    private static Map<String, AttributeValue> item(AggregateRow row) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(partition(row.country(), row.grain())));
        item.put("sk", s(sortKey(row)));
        item.put("day", s(row.day()));
        item.put("region", s(row.region()));
        item.put("list", s(row.list()));
        if (row.entry() != null) {
            item.put("entry", s(row.entry()));
        }
        item.put("installations", n(row.installations()));
        item.put("activeInstallations", n(row.activeInstallations()));
        item.put("exposureRate", AttributeValue.fromN(Double.toString(row.exposureRate())));
        item.put("clients", n(row.clients()));
        item.put("queries", n(row.queries()));
        return item;
    }

    @Override
    public List<AggregateRow> read(String country, Grain grain, String fromDay, String toDay) {
        try {
            QueryRequest q = QueryRequest.builder().tableName(table)
                    .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                    .expressionAttributeValues(Map.of(":pk", s(partition(country, grain)),
                            ":from", s(fromDay), ":to", s(toDay + "~")))
                    .build();
            return QueryPages.all(dynamo, q).stream()
                    .map(item -> new AggregateRow(grain, country, str(item, "day"), str(item, "region"),
                            str(item, "list"), str(item, "entry"), num(item, "installations"),
                            num(item, "activeInstallations"), num(item, "clients"), num(item, "queries")))
                    .toList();
        } catch (SdkException e) {
            throw new StorageException("query aggregates failed", e);
        }
    }
}

package org.camsink.lambda.store.dynamo;

import static org.camsink.lambda.store.dynamo.ReportItems.n;
import static org.camsink.lambda.store.dynamo.ReportItems.num;
import static org.camsink.lambda.store.dynamo.ReportItems.s;
import static org.camsink.lambda.store.dynamo.ReportItems.str;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camsink.lambda.aggregate.AggregateRow;
import org.camsink.lambda.aggregate.Grain;
import org.camsink.lambda.store.AggregateStore;
import org.camsink.lambda.store.StorageException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Aggregates in the stats table. One partition per country and grain, {@code AGG#<COUNTRY>#<grain code>}, so a
 * query reads exactly the rows it returns; sort key {@code <DAY>[#<REGION>][#<LIST>][#<ENTRY>]}.
 */
public final class DynamoAggregateStore implements AggregateStore {
    private static final int BATCH = 25;
    private static final int MAX_RETRIES = 8;
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
    public void write(List<AggregateRow> rows) {
        try {
            for (int i = 0; i < rows.size(); i += BATCH) {
                List<WriteRequest> batch = new ArrayList<>();
                for (AggregateRow row : rows.subList(i, Math.min(rows.size(), i + BATCH))) {
                    batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item(row)).build()).build());
                }
                writeBatch(batch);
            }
        } catch (SdkException e) {
            throw new StorageException("write aggregates failed", e);
        }
    }

    private void writeBatch(List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> pending = Map.of(table, batch);
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            if (attempt > MAX_RETRIES) {
                throw new StorageException("write aggregates: items still unprocessed after retries", null);
            }
            if (attempt > 0) {
                sleep(Math.min(1000L, 25L << attempt));
            }
            Map<String, List<WriteRequest>> request = pending;
            BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.requestItems(request));
            pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while writing aggregates", e);
        }
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

package org.camsink.infra;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * An SDK interceptor that records every DynamoDB call a client makes: the operation name (as IAM spells it after
 * {@code dynamodb:}) and the table or tables it addresses, plus each CreateTable request whole.
 */
final class OperationRecorder implements ExecutionInterceptor {
    /** One call: an operation on a table. */
    record Call(String operation, String table) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<CreateTableRequest> creates = new CopyOnWriteArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        SdkRequest request = context.request();
        for (String table : tables(request)) {
            calls.add(new Call(operation, table));
        }
        if (request instanceof CreateTableRequest create) {
            creates.add(create);
        }
    }

    private static Set<String> tables(SdkRequest request) {
        Set<String> tables = new TreeSet<>();
        switch (request) {
            case BatchWriteItemRequest b -> tables.addAll(b.requestItems().keySet());
            case BatchGetItemRequest b -> tables.addAll(b.requestItems().keySet());
            case TransactWriteItemsRequest t -> t.transactItems().forEach(i -> {
                if (i.put() != null) tables.add(i.put().tableName());
                if (i.update() != null) tables.add(i.update().tableName());
                if (i.delete() != null) tables.add(i.delete().tableName());
                if (i.conditionCheck() != null) tables.add(i.conditionCheck().tableName());
            });
            case TransactGetItemsRequest t -> t.transactItems().forEach(i -> tables.add(i.get().tableName()));
            default -> request.getValueForField("TableName", String.class).ifPresentOrElse(tables::add,
                    () -> tables.add("*"));
        }
        return tables;
    }

    void clear() {
        calls.clear();
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<CreateTableRequest> creates() {
        return List.copyOf(creates);
    }

    /** Operations grouped by table, sorted. */
    Map<String, Set<String>> operationsByTable() {
        Map<String, Set<String>> byTable = new TreeMap<>();
        for (Call c : calls) {
            byTable.computeIfAbsent(c.table(), t -> new TreeSet<>()).add(c.operation());
        }
        return byTable;
    }
}

package org.camsink.lambda.store.dynamo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** Runs a Query to its last page. */
final class QueryPages {
    private QueryPages() {}

    static List<Map<String, AttributeValue>> all(DynamoDbClient dynamo, QueryRequest first) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        QueryRequest request = first;
        while (true) {
            QueryResponse page = dynamo.query(request);
            out.addAll(page.items());
            if (!page.hasLastEvaluatedKey() || page.lastEvaluatedKey().isEmpty()) {
                return out;
            }
            request = request.toBuilder().exclusiveStartKey(page.lastEvaluatedKey()).build();
        }
    }
}

package org.camsink.lambda.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a {@code /v1/stats} JSON answer into rows keyed by their {@code by} columns joined with '|'. */
public final class StatsRows {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StatsRows() {}

    public static JsonNode parse(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Map<String, JsonNode> byKey(APIGatewayV2HTTPResponse response) {
        if (response.getStatusCode() != 200) {
            throw new AssertionError("stats answered " + response.getStatusCode() + ": " + response.getBody());
        }
        JsonNode root = parse(response.getBody());
        List<String> by = new ArrayList<>();
        root.get("by").forEach(b -> by.add(b.asText()));
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode row : root.get("rows")) {
            List<String> key = new ArrayList<>();
            by.forEach(b -> key.add(row.get(b).asText()));
            if (out.put(String.join("|", key), row) != null) {
                throw new AssertionError("two rows with key " + key);
            }
        }
        return out;
    }

    /** installations, activeInstallations, clients, queries of a row. */
    public static List<Long> numbers(JsonNode row) {
        return List.of(row.get("installations").asLong(), row.get("activeInstallations").asLong(),
                row.get("clients").asLong(), row.get("queries").asLong());
    }
}

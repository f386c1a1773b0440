package org.camsink.lambda.stats;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.camsink.lambda.http.Json;

/** Writes a {@link StatsResult} as JSON or as CSV; both carry the same rows and the same numbers. */
public final class StatsFormat {
    /** The metric columns, after the {@code by} columns. */
    public static final List<String> METRICS =
            List.of("installations", "activeInstallations", "exposureRate", "clients", "queries", "suppressed");

    private StatsFormat() {}

    public static ObjectNode json(StatsResult result) {
        StatsQuery q = result.query();
        ObjectNode root = Json.object();
        root.put("country", q.country());
        root.put("from", q.from().toString());
        root.put("to", q.to().toString());
        ArrayNode by = root.putArray("by");
        q.by().forEach(by::add);
        if (q.list().isPresent()) {
            root.put("list", q.list().get());
        }
        root.put("k", result.k());
        ArrayNode rows = root.putArray("rows");
        for (StatsRow row : result.rows()) {
            ObjectNode o = rows.addObject();
            for (String column : q.by()) {
                o.put(column, row.column(column));
            }
            putNumber(o, "installations", row.installations());
            putNumber(o, "activeInstallations", row.activeInstallations());
            if (row.exposureRate() == null) {
                o.putNull("exposureRate");
            } else {
                o.put("exposureRate", row.exposureRate());
            }
            putNumber(o, "clients", row.clients());
            putNumber(o, "queries", row.queries());
            o.put("suppressed", row.suppressed());
        }
        root.put("suppressed", result.suppressed());
        return root;
    }

    private static void putNumber(ObjectNode o, String name, Long value) {
        if (value == null) {
            o.putNull(name);
        } else {
            o.put(name, value.longValue());
        }
    }

    /** RFC 4180 CSV with a header line; suppressed rows have empty numbers and {@code suppressed} = true. */
    public static String csv(StatsResult result) {
        List<String> header = new ArrayList<>(result.query().by());
        header.addAll(METRICS);
        StringBuilder out = new StringBuilder();
        line(out, header);
        for (StatsRow row : result.rows()) {
            List<String> cells = new ArrayList<>();
            for (String column : result.query().by()) {
                cells.add(row.column(column));
            }
            cells.add(str(row.installations()));
            cells.add(str(row.activeInstallations()));
            cells.add(row.exposureRate() == null ? "" : row.exposureRate().toPlainString());
            cells.add(str(row.clients()));
            cells.add(str(row.queries()));
            cells.add(Boolean.toString(row.suppressed()));
            line(out, cells);
        }
        return out.toString();
    }

    private static String str(Long v) {
        return v == null ? "" : v.toString();
    }

    private static void line(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(quote(cells.get(i)));
        }
        out.append("\r\n");
    }

    private static String quote(String cell) {
        if (cell == null) {
            return "";
        }
        // A leading formula character is neutralised so spreadsheets never evaluate a cell.
        String safe = !cell.isEmpty() && "=+-@".indexOf(cell.charAt(0)) >= 0 ? "'" + cell : cell;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }

}

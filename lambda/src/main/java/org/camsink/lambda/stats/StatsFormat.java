package org.camsink.lambda.stats;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.camsink.lambda.aggregate.Grain;
import org.camsink.lambda.http.Json;
import org.camsink.lambda.release.PrivacyPolicy;
import org.camsink.lambda.release.PrivacyPolicy.Column;

/** Writes a {@link StatsResult} as JSON or as CSV; both carry the same rows and the same numbers. */
public final class StatsFormat {
    /** The metric columns, after the {@code by} columns. */
    public static final List<String> METRICS =
            List.of("installations", "activeInstallations", "exposureRate", "clients", "queries");

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
        root.set("privacy", privacy(result));
        ArrayNode rows = root.putArray("rows");
        for (StatsRow row : result.rows()) {
            ObjectNode o = rows.addObject();
            for (String column : q.by()) {
                o.put(column, row.column(column));
            }
            o.put("installations", row.installations());
            o.put("activeInstallations", row.activeInstallations());
            o.put("exposureRate", row.exposureRate());
            o.put("clients", row.clients());
            o.put("queries", row.queries());
        }
        return root;
    }

    /**
     * The guarantee and the noise of this answer's grain: epsilon and delta per installation and day over all
     * grains, the publication threshold, and each column's noise as its standard deviation.
     */
    static ObjectNode privacy(StatsResult result) {
        PrivacyPolicy p = result.policy();
        Grain g = result.query().grain();
        ObjectNode o = Json.object();
        o.put("mechanism", "discrete Laplace");
        o.put("epsilon", p.epsilon());
        o.put("delta", p.delta());
        o.put("threshold", p.threshold(g));
        ObjectNode sd = o.putObject("noiseStdDev");
        sd.put("installations", round(p.scale(g, Column.INSTALLATIONS).standardDeviation()));
        sd.put("activeInstallations", round(p.activeScale().standardDeviation()));
        sd.put("clients", round(p.scale(g, Column.CLIENTS).standardDeviation()));
        sd.put("queries", round(p.scale(g, Column.QUERIES).standardDeviation()));
        return o;
    }

    private static BigDecimal round(double v) {
        return BigDecimal.valueOf(v).setScale(1, RoundingMode.HALF_UP);
    }

    /** RFC 4180 CSV with a header line, one line per released row. */
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
            cells.add(Long.toString(row.installations()));
            cells.add(Long.toString(row.activeInstallations()));
            cells.add(row.exposureRate().toPlainString());
            cells.add(Long.toString(row.clients()));
            cells.add(Long.toString(row.queries()));
            line(out, cells);
        }
        return out.toString();
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

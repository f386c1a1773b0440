package org.camsink.lambda.store.dynamo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camsink.report.HitReport;
import org.camsink.report.ReportHit;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Maps a validated report to its item and back. The item holds the report's fields and nothing about the sender. */
final class ReportItems {
    static final String PK = "pk";
    static final String SK = "sk";
    static final String EXPIRES_AT = "expiresAt";

    private ReportItems() {}

    static String partition(String country, String day) {
        return country + "#" + day;
    }

    static Map<String, AttributeValue> toItem(HitReport r, long expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(partition(r.country(), r.day())));
        item.put(SK, s(r.reportId()));
        item.put("schema", s(r.schema()));
        item.put("day", s(r.day()));
        item.put("installation", s(r.installation()));
        item.put("region", s(r.region()));
        putIfPresent(item, "kind", r.kind());
        putIfPresent(item, "version", r.version());
        item.put("activeClients", n(r.activeClients()));
        item.put("hits", AttributeValue.fromL(r.hits().stream().map(ReportItems::hitItem).toList()));
        if (!r.candidates().isEmpty()) {
            item.put("candidates", AttributeValue.fromL(r.candidates().stream().map(ReportItems::s).toList()));
        }
        item.put(EXPIRES_AT, n(expiresAt));
        return item;
    }

    static HitReport fromItem(Map<String, AttributeValue> item) {
        List<ReportHit> hits = item.get("hits").l().stream().map(AttributeValue::m).map(ReportItems::hit).toList();
        AttributeValue c = item.get("candidates");
        List<String> candidates = c == null || !c.hasL() ? List.of() : c.l().stream().map(AttributeValue::s).toList();
        return new HitReport(str(item, "schema"), str(item, SK), str(item, "day"), str(item, "installation"),
                str(item, "region"), str(item, "kind"), str(item, "version"), num(item, "activeClients"), hits,
                candidates);
    }

    private static AttributeValue hitItem(ReportHit h) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("list", s(h.list()));
        m.put("entry", s(h.entry()));
        putIfPresent(m, "match", h.match());
        m.put("queries", n(h.queries()));
        m.put("clients", n(h.clients()));
        return AttributeValue.fromM(m);
    }

    private static ReportHit hit(Map<String, AttributeValue> m) {
        return new ReportHit(str(m, "list"), str(m, "entry"), str(m, "match"), num(m, "queries"), num(m, "clients"));
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }
}

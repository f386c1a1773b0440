package org.camsink.lambda.candidates;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.camsink.lambda.aggregate.CellKey;
import org.camsink.lambda.http.Json;
import org.camsink.lambda.store.ReportStore;
import org.camsink.report.HitReport;

/**
 * Which candidates may be shown: for each day of the query, the stored reports of that (country, day) are read and
 * a candidate is published for the day only when at least {@code k} distinct installations (daily pseudonyms)
 * reported it. Below k it is withheld entirely, not shown as "fewer than k". Over several days a candidate shows the
 * days it was published and the largest number of installations on one of them: pseudonyms change every day, so
 * installations are never added up across days.
 */
public final class CandidateService {
    private final ReportStore reports;
    private final int k;

    public CandidateService(ReportStore reports, int k) {
        this.reports = reports;
        this.k = k;
    }

    /** One published candidate over the query's days. */
    public record Published(String domain, LocalDate firstDay, LocalDate lastDay, int days, int maxInstallations) {}

    public List<Published> query(CandidateQuery q) {
        Map<String, Published> out = new TreeMap<>();
        for (LocalDate day = q.from(); !day.isAfter(q.to()); day = day.plusDays(1)) {
            Map<String, Set<String>> seen = new HashMap<>();
            for (HitReport r : reports.reportsOf(new CellKey(q.country(), day.toString()))) {
                for (String c : r.candidates()) {
                    seen.computeIfAbsent(c, x -> new HashSet<>()).add(r.installation());
                }
            }
            for (Map.Entry<String, Set<String>> e : seen.entrySet()) {
                int n = e.getValue().size();
                if (n < k) {
                    continue;
                }
                LocalDate d = day;
                out.merge(e.getKey(), new Published(e.getKey(), d, d, 1, n), (a, b) -> new Published(a.domain(),
                        a.firstDay(), b.lastDay(), a.days() + 1, Math.max(a.maxInstallations(), b.maxInstallations())));
            }
        }
        return new ArrayList<>(out.values());
    }

    /** The JSON body of {@code /v1/candidates}. */
    public ObjectNode json(CandidateQuery q) {
        ObjectNode root = Json.object();
        root.put("country", q.country());
        root.put("from", q.from().toString());
        root.put("to", q.to().toString());
        root.put("k", k);
        ArrayNode rows = root.putArray("candidates");
        for (Published p : query(q)) {
            ObjectNode o = rows.addObject();
            o.put("domain", p.domain());
            o.put("firstDay", p.firstDay().toString());
            o.put("lastDay", p.lastDay().toString());
            o.put("days", p.days());
            o.put("maxInstallations", p.maxInstallations());
        }
        return root;
    }
}

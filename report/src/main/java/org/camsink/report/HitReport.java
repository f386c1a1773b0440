package org.camsink.report;

import java.util.List;

/**
 * One anonymized report: one installation's hits since its previous report, within one UTC day.
 * This record is the wire format {@code camsink.report/1}; see {@code /camsink/report-1.schema.json}.
 * Component names are the JSON field names, in wire order. {@link ReportValidator} holds the rules.
 *
 * @param schema        always {@link #SCHEMA}
 * @param reportId      a random UUID in lower-case canonical form, the idempotency key
 * @param day           the UTC day, {@code YYYY-MM-DD}
 * @param installation  HMAC-SHA256(local secret, day), base64url without padding: a pseudonym for that day only
 * @param region        ISO 3166-2 ({@code UA-30}) or a country code ({@code UA}), as the owner configured it
 * @param kind          {@code home}, {@code business} or {@code isp}
 * @param version       the camsink version
 * @param activeClients distinct LAN clients seen that day: the denominator for exposure rates
 * @param hits          one row per (list, entry, match) that matched; may be empty
 * @param candidates    optional: registrable domains (eTLD+1) that the installation's cameras asked for and whose
 *                      answers led into a bundled list, sent only when the owner opted in with
 *                      {@code telemetry.shareCandidates}; empty when absent (the field is then left out on the wire)
 */
public record HitReport(String schema, String reportId, String day, String installation, String region, String kind,
                        String version, long activeClients, List<ReportHit> hits, List<String> candidates) {
    public static final String SCHEMA = "camsink.report/1";

    public HitReport {
        hits = List.copyOf(hits);
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
    }

    /** A report without candidates. */
    public HitReport(String schema, String reportId, String day, String installation, String region, String kind,
                     String version, long activeClients, List<ReportHit> hits) {
        this(schema, reportId, day, installation, region, kind, version, activeClients, hits, List.of());
    }

    /** The country part of the region: {@code UA} for {@code UA-30}. */
    public String country() {
        int dash = region.indexOf('-');
        return dash < 0 ? region : region.substring(0, dash);
    }
}

package org.camsink.lambda.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.camsink.report.HitReport;
import org.camsink.report.ReportCodec;
import org.camsink.report.ReportHit;

/** Builds valid reports for tests, encoded by the shared codec. */
public final class Reports {
    private static final ReportCodec CODEC = new ReportCodec();

    private Reports() {}

    /** A stable, valid installation pseudonym for a seed (43 base64url characters, like HMAC-SHA256 output). */
    public static String installation(String seed) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ReportHit hit(String list, String entry, long queries, long clients) {
        return new ReportHit(list, entry, "qname", queries, clients);
    }

    public static HitReport report(String day, String region, String installationSeed, List<ReportHit> hits) {
        return new HitReport(HitReport.SCHEMA, UUID.randomUUID().toString(), day, installation(installationSeed),
                region, "home", "0.1.0", 3, hits);
    }

    public static byte[] bytes(HitReport report) {
        return CODEC.encode(report);
    }

    public static String json(HitReport report) {
        return new String(bytes(report), StandardCharsets.UTF_8);
    }
}

package org.camsink.resolver.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * Delivery counters kept in {@code dataDir/telemetry-state.json}, so {@code camsink telemetry status} can show
 * them when no resolver runs. Informational only: losing it loses no report.
 *
 * @param held        while delivery fails: why the spooled reports are kept and what to check; null once one got
 *                    through
 * @param nextAttempt while delivery fails: when the sender tries again
 */
record TelemetryState(long sent, long rejected, Instant lastSent, String lastSentReportId, String lastError,
                      String held, Instant nextAttempt) {
    static final String FILE = "telemetry-state.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    static TelemetryState empty() {
        return new TelemetryState(0, 0, null, null, null, null, null);
    }

    /** Report {@code id} got through at {@code now}: nothing is held any more. */
    TelemetryState delivered(Instant now, String id) {
        return new TelemetryState(sent + 1, rejected, now, id, lastError, null, null);
    }

    /** A report was refused as invalid and moved aside. */
    TelemetryState refused(String error) {
        return new TelemetryState(sent, rejected + 1, lastSent, lastSentReportId, error, held, nextAttempt);
    }

    /** An attempt failed for a reason that is not the report's: it stays in the spool until {@code next}. */
    TelemetryState retrying(String error, String why, Instant next) {
        return new TelemetryState(sent, rejected, lastSent, lastSentReportId, error, why, next);
    }

    static TelemetryState read(Path dataDir) {
        Path f = dataDir.resolve(FILE);
        try {
            if (!Files.exists(f)) {
                return empty();
            }
            JsonNode n = JSON.readTree(f.toFile());
            return new TelemetryState(n.path("sent").asLong(0), n.path("rejected").asLong(0),
                    n.hasNonNull("lastSent") ? Instant.parse(n.get("lastSent").asText()) : null,
                    n.hasNonNull("lastSentReportId") ? n.get("lastSentReportId").asText() : null,
                    text(n, "lastError"), text(n, "held"),
                    n.hasNonNull("nextAttempt") ? Instant.parse(n.get("nextAttempt").asText()) : null);
        } catch (IOException | RuntimeException e) {
            TelemetryService.LOG.warn("telemetry ignores an unreadable {}: {}", f, e.toString());
            return empty();
        }
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    void write(Path dataDir) {
        ObjectNode n = JSON.createObjectNode();
        n.put("sent", sent);
        n.put("rejected", rejected);
        n.put("lastSent", lastSent == null ? null : lastSent.toString());
        n.put("lastSentReportId", lastSentReportId);
        n.put("lastError", lastError);
        n.put("held", held);
        n.put("nextAttempt", nextAttempt == null ? null : nextAttempt.toString());
        Path tmp = dataDir.resolve(FILE + ".tmp");
        try {
            JSON.writeValue(tmp.toFile(), n);
            Files.move(tmp, dataDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            TelemetryService.LOG.warn("telemetry cannot write {}: {}", dataDir.resolve(FILE), e.toString());
        }
    }
}

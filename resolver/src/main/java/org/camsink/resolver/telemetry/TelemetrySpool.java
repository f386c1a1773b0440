package org.camsink.resolver.telemetry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.camsink.resolver.config.Config;
import org.camsink.resolver.status.TelemetryStatus;

/** Read-only access to a telemetry data folder for {@code camsink telemetry} when no resolver is running. */
public final class TelemetrySpool {
    private TelemetrySpool() {}

    /** The spooled reports, oldest first, exactly as they will be sent. */
    public static List<byte[]> pendingReports(Path dataDir) throws IOException {
        Path dir = Spool.dir(dataDir);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<byte[]> out = new ArrayList<>();
        for (Path p : new Spool(dataDir, Long.MAX_VALUE).pending()) {
            try {
                out.add(Files.readAllBytes(p));
            } catch (NoSuchFileException gone) {
                // delivered meanwhile
            }
        }
        return out;
    }

    /** What the data folder says: pending and rejected files, and the counters the last run left. */
    public static TelemetryStatus status(Config.Telemetry config) throws IOException {
        Path dataDir = config.dataDir();
        Spool spool = new Spool(dataDir, Long.MAX_VALUE);
        boolean exists = Files.isDirectory(Spool.dir(dataDir));
        TelemetryState s = Files.isDirectory(dataDir) ? TelemetryState.read(dataDir) : TelemetryState.empty();
        return new TelemetryStatus(config.enabled(), config.endpoint() == null ? null : Delivery.target(config.endpoint()).toString(),
                exists ? spool.pending().size() : 0, s.sent(), exists ? Math.max(s.rejected(), spool.rejectedFiles().size()) : s.rejected(),
                s.lastSent(), s.lastSentReportId(), s.lastError(), s.held(), s.nextAttempt());
    }
}

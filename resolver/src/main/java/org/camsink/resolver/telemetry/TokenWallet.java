package org.camsink.resolver.telemetry;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.camsink.report.token.IssuerClient;
import org.camsink.report.token.PrivateTokenAuth;
import org.camsink.report.token.TokenException;
import org.camsink.resolver.cli.Version;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Privacy Pass tokens that pay for reports, kept on disk next to the spool ({@code <dataDir>/tokens/}):
 * {@code free/} holds tokens fetched ahead of time, {@code assigned/<reportId>.token} the one a spooled report
 * spends, so a retry of that report sends the same token (the backend then answers "duplicate", never "spent").
 * The wallet keeps about a day's worth: one per interval of the day, plus a few for retries and the day's last
 * report, at most the backend's daily report cap (48). Fetching is blinded, so the issuer cannot link a token it
 * signed to the report that spends it; a failed fetch waits a minute (or the issuer's Retry-After).
 */
final class TokenWallet {
    private static final Logger LOG = LoggerFactory.getLogger(TokenWallet.class);
    static final int MAX_TOKENS = 48;
    static final Duration FETCH_PAUSE = Duration.ofMinutes(1);

    private final Path free;
    private final Path assigned;
    private final IssuerClient issuer;
    private final int target;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private Instant nextFetch = Instant.EPOCH;

    TokenWallet(Path dataDir, URI issuerBase, Duration timeout, Duration interval, Clock clock) throws IOException {
        this.free = dataDir.resolve("tokens").resolve("free");
        this.assigned = dataDir.resolve("tokens").resolve("assigned");
        Files.createDirectories(free);
        Files.createDirectories(assigned);
        this.issuer = new IssuerClient(issuerBase, timeout, "camsink/" + Version.current(), random);
        this.target = target(interval);
        this.clock = clock;
    }

    /** One token per report of a day at this interval, plus four for retries and the day's last report. */
    static int target(Duration interval) {
        long perDay = (Duration.ofDays(1).toMillis() + interval.toMillis() - 1) / Math.max(1, interval.toMillis());
        return (int) Math.min(MAX_TOKENS, perDay + 4);
    }

    /** The issuer's base URL: the reports URL without {@code /v1/reports}. */
    static URI issuerBase(URI reportsTarget) {
        String s = reportsTarget.toString();
        return URI.create(s.substring(0, s.length() - Delivery.REPORTS_PATH.length()));
    }

    int target() {
        return target;
    }

    /** The {@code Authorization} value for this report: its assigned token, or a free one now assigned to it. */
    synchronized Optional<String> authorizationFor(String reportId) throws InterruptedException {
        Path mine = assigned.resolve(reportId + ".token");
        try {
            if (!Files.exists(mine)) {
                refillIfLow();
                Optional<Path> token = firstFree();
                if (token.isEmpty()) {
                    return Optional.empty();
                }
                move(token.get(), mine);
            }
            return Optional.of(PrivateTokenAuth.SCHEME + " token=\"" + Files.readString(mine, StandardCharsets.US_ASCII).trim()
                    + "\"");
        } catch (IOException e) {
            LOG.warn("telemetry token store {} failed: {}", free.getParent(), e.toString());
            return Optional.empty();
        }
    }

    /** The report is done with (stored, duplicate or refused for its content): its token is used up. */
    synchronized void spent(String reportId) {
        delete(assigned.resolve(reportId + ".token"));
    }

    /** The backend refused the token (401): drop it, so the next attempt brings a fresh one. */
    synchronized void refused(String reportId) {
        delete(assigned.resolve(reportId + ".token"));
    }

    /** Free tokens on disk. */
    synchronized int available() throws IOException {
        try (var s = Files.list(free)) {
            return (int) s.filter(p -> p.getFileName().toString().endsWith(".token")).count();
        }
    }

    /** Fetches up to the target when fewer than half of it are free and the last failure's pause is over. */
    void refillIfLow() throws IOException, InterruptedException {
        int have = available();
        Instant now = clock.instant();
        if (have * 2 > target || now.isBefore(nextFetch)) {
            return;
        }
        try {
            IssuerClient.Directory dir = issuer.directory();
            IssuerClient.Batch batch = issuer.fetch(dir, target - have);
            for (var t : batch.tokens()) {
                byte[] name = new byte[16];
                random.nextBytes(name);
                Path tmp = free.resolve(HexFormat.of().formatHex(name) + ".tmp");
                Files.writeString(tmp, IssuerClient.line(t), StandardCharsets.US_ASCII);
                move(tmp, free.resolve(HexFormat.of().formatHex(name) + ".token"));
            }
            if (batch.stoppedBecause().isPresent()) {
                nextFetch = now.plus(batch.retryAfter().orElse(FETCH_PAUSE));
                LOG.warn("telemetry fetched {} of {} tokens: {}; next attempt at {}", batch.tokens().size(),
                        target - have, batch.stoppedBecause().get(), nextFetch);
            } else {
                LOG.info("telemetry fetched {} tokens from the issuer", batch.tokens().size());
            }
        } catch (IOException | TokenException | RuntimeException e) {
            nextFetch = now.plus(FETCH_PAUSE);
            LOG.warn("telemetry cannot fetch tokens from {}: {}; reports wait in the spool", issuer, e.toString());
        }
    }

    private Optional<Path> firstFree() throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(free, "*.token")) {
            for (Path p : s) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (NoSuchFileException e) {
            // gone already
        } catch (IOException e) {
            LOG.warn("telemetry cannot delete the used token {}: {}", p, e.toString());
        }
    }
}

package org.camsink.resolver.telemetry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.camsink.blocklists.catalogue.Catalogue;
import org.camsink.report.HitReport;
import org.camsink.report.ReportCodec;
import org.camsink.report.ReportException;
import org.camsink.report.ReportHit;
import org.camsink.report.ReportValidator;
import org.camsink.resolver.cli.Version;
import org.camsink.resolver.config.Config;
import org.camsink.resolver.config.Config.ListSource;
import org.camsink.resolver.discovery.CandidateSink;
import org.camsink.resolver.events.QueryListener;
import org.camsink.resolver.events.Hit;
import org.camsink.resolver.pipeline.Query;
import org.camsink.resolver.pipeline.Resolution;
import org.camsink.resolver.pipeline.ResolutionKind;
import org.camsink.resolver.status.TelemetryStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opt-in anonymized telemetry. As a {@link QueryListener} it counts each answered query into the current UTC
 * day's {@link Aggregate} (one counter update, nothing blocks). A sealing thread turns the counts into a
 * {@code camsink.report/1} report at every interval and after each UTC day boundary, checks it with
 * {@link ReportValidator}, and writes it to the {@link Spool}. A sending thread posts spooled reports, oldest
 * first, and deletes each one only when the backend acknowledged it.
 *
 * <p>What leaves the machine is exactly the report: list ids, matched list entries, counts, the configured region
 * and kind, the version, the day, and a pseudonym that changes every day. No client address, no query name,
 * no time of day.
 */
public final class TelemetryService implements QueryListener, CandidateSink, AutoCloseable {
    static final Logger LOG = LoggerFactory.getLogger(TelemetryService.class);
    /** How long after a day ends its last report is sealed, so queries already in flight are counted. */
    static final Duration DAY_GRACE = Duration.ofSeconds(1);
    /** Longest spread of deliveries after a day boundary (scaled down to half the interval). */
    static final Duration MAX_DAY_DELAY = Duration.ofMinutes(5);
    private static final long TICK_MS = 200;

    private final Config.Telemetry config;
    private final Clock clock;
    private final RandomGenerator random;
    private final Pseudonym pseudonym;
    private final Spool spool;
    private final Delivery delivery;
    private final TokenWallet tokens;
    private final Backoff backoff;
    private final ReportCodec codec = new ReportCodec();
    private final ReportValidator validator = new ReportValidator();
    private final String region;
    private final String kind;
    private final String version;

    private final Object dayLock = new Object();
    private volatile Aggregate.Day current;
    /** Days that ended and still need their last report (the hot path adds without waiting for the sealer). */
    private final Queue<Aggregate.Day> ended = new ConcurrentLinkedQueue<>();
    private final Object sealLock = new Object();
    private String nextReportId;
    /** The start of the current interval; its report is sealed at {@link #nextSeal}, a random moment inside it. */
    private Instant windowStart;
    private Instant nextSeal;
    /** Ids of the bundled catalogue lists in use: only their hits are reported; the owner's own lists stay home. */
    private volatile Set<String> reportable = Set.copyOf(Catalogue.BUILTIN_IDS);

    private final Object sendSignal = new Object();
    private volatile Instant holdUntil = Instant.EPOCH;
    private int failures;
    private volatile TelemetryState state;

    private volatile boolean running = true;
    private final Thread sealer;
    private final Thread sender;

    private TelemetryService(Config.Telemetry config, Clock clock, RandomGenerator random, Backoff backoff)
            throws IOException {
        this.config = config;
        this.clock = clock;
        this.random = random;
        this.backoff = backoff;
        this.region = config.region();
        this.kind = config.kind().name().toLowerCase(Locale.ROOT);
        this.version = Version.current();
        Files.createDirectories(config.dataDir());
        this.pseudonym = Pseudonym.load(config.dataDir());
        this.spool = new Spool(config.dataDir(), config.spoolMaxBytes()).open();
        this.delivery = new Delivery(config.endpoint(), config.timeout());
        this.tokens = new TokenWallet(config.dataDir(), TokenWallet.issuerBase(delivery.target()), config.timeout(),
                config.interval(), clock);
        this.state = TelemetryState.read(config.dataDir());
        this.current = new Aggregate.Day(epochDay(clock.millis()));
        this.nextReportId = newId();
        this.windowStart = clock.instant();
        this.nextSeal = randomMomentIn(windowStart);
        int pending = spool.pending().size();
        LOG.info(Delivery.describe(config.endpoint()));
        LOG.info("telemetry on: reports to {} every {}, region {}, kind {}; {} spooled report(s) to resend",
                delivery.target(), config.interval(), region, kind, pending);
        this.sealer = Thread.ofPlatform().daemon().name("telemetry-seal").unstarted(this::sealLoop);
        this.sender = Thread.ofPlatform().daemon().name("telemetry-send").unstarted(this::sendLoop);
    }

    /** Starts telemetry with the system UTC clock. */
    public static TelemetryService start(Config.Telemetry config) throws IOException {
        return start(config, Clock.systemUTC());
    }

    public static TelemetryService start(Config.Telemetry config, Clock clock) throws IOException {
        SecureRandom random = new SecureRandom();
        return start(config, clock, random, Backoff.forInterval(config.interval(), random));
    }

    /** For tests: a chosen clock, randomness and backoff. */
    static TelemetryService start(Config.Telemetry config, Clock clock, RandomGenerator random, Backoff backoff)
            throws IOException {
        TelemetryService s = new TelemetryService(config, clock, random, backoff);
        s.sealer.start();
        s.sender.start();
        return s;
    }

    // ---- hot path

    @Override
    public void onQuery(Query query, Resolution resolution, long elapsedNanos) {
        if (resolution.kind() == ResolutionKind.REFUSED) {
            return; // not one of our clients
        }
        Hit hit = resolution.hit();
        day(clock.millis()).record(query.client(), hit != null && reportable.contains(hit.list()) ? hit : null);
    }

    /**
     * Takes the lists of the configuration (at start and on every reload): hits are reported only for a list
     * loaded as {@code builtin:<id>} under its own catalogue id. Hits on the owner's own lists (files, URLs, or
     * a bundled list renamed) are not reported at all, not even as a count: their ids and entries come from file
     * names and the owner's choices. The client still counts as active.
     */
    public void reportLists(List<ListSource> lists) {
        Set<String> ids = new HashSet<>();
        for (ListSource s : lists) {
            if (s.source().equals("builtin:" + s.id()) && Catalogue.BUILTIN_IDS.contains(s.id())) {
                ids.add(s.id());
            }
        }
        reportable = Set.copyOf(ids);
    }

    /**
     * A uniformly random moment in the interval that starts at {@code start}: reports go out at a different time in
     * every interval, so their timing does not line up one day's pseudonym with the next.
     */
    private Instant randomMomentIn(Instant start) {
        long ms = config.interval().toMillis();
        return start.plusMillis(ms > 1 ? random.nextLong(ms) : 0);
    }

    /**
     * A camera's rebrand candidate, as its registrable domain only: counted for today's reports when the owner opted
     * in with {@code telemetry.shareCandidates}, dropped otherwise.
     */
    @Override
    public void candidate(String registrableDomain) {
        if (config.shareCandidates()) {
            day(clock.millis()).candidate(registrableDomain);
        }
    }

    private static long epochDay(long millis) {
        return Math.floorDiv(millis, 86_400_000L);
    }

    /** The day for {@code millis}; rolls over when a new UTC day starts (a clock stepping back stays on today). */
    private Aggregate.Day day(long millis) {
        Aggregate.Day d = current;
        long ed = epochDay(millis);
        if (ed <= d.epochDay) {
            return d;
        }
        synchronized (dayLock) {
            d = current;
            if (ed > d.epochDay) {
                Aggregate.Day old = d;
                d = new Aggregate.Day(ed);
                current = d;
                ended.add(old);
                long spread = Math.min(MAX_DAY_DELAY.toMillis(), config.interval().toMillis() / 2);
                Instant boundary = Instant.ofEpochMilli(ed * 86_400_000L);
                Instant hold = boundary.plusMillis(DAY_GRACE.toMillis() + (spread > 0 ? random.nextLong(spread) : 0));
                if (hold.isAfter(holdUntil)) {
                    holdUntil = hold;
                }
            }
            return d;
        }
    }

    // ---- sealing

    private void sealLoop() {
        while (running) {
            try {
                tickSeal();
                sleep(sealLock, TICK_MS);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("telemetry sealing failed: {}", e.toString());
            }
        }
    }

    private void tickSeal() {
        Instant now = clock.instant();
        day(now.toEpochMilli());
        synchronized (sealLock) {
            for (Aggregate.Day d : List.copyOf(ended)) {
                Instant sealAt = Instant.ofEpochMilli((d.epochDay + 1) * 86_400_000L).plus(DAY_GRACE);
                if (!now.isBefore(sealAt)) {
                    seal(d, true);
                    ended.remove(d);
                }
            }
            if (!now.isBefore(nextSeal)) {
                seal(current, false);
                windowStart = windowStart.plus(config.interval());
                if (now.isAfter(windowStart.plus(config.interval()))) {
                    windowStart = now; // the clock jumped (a suspend): start the windows again from now
                }
                nextSeal = randomMomentIn(windowStart);
            }
        }
    }

    /** When the current interval's report is sealed (tests). */
    Instant nextSealAt() {
        synchronized (sealLock) {
            return nextSeal;
        }
    }

    /** Seals every open day now, as an interval would (tests, and shutdown). */
    public void sealNow() {
        synchronized (sealLock) {
            for (Aggregate.Day d : List.copyOf(ended)) {
                seal(d, true);
                ended.remove(d);
            }
            seal(current, false);
        }
    }

    /** Builds, checks and spools the reports for one day; holds {@link #sealLock}. */
    private void seal(Aggregate.Day d, boolean last) {
        Aggregate.Draft draft = d.draft();
        if (!draft.worthSending(last)) {
            return;
        }
        List<List<Aggregate.Line>> chunks = chunks(draft.lines());
        List<String> candidates = draft.candidates();
        for (List<Aggregate.Line> chunk : chunks) {
            String id = nextReportId;
            HitReport report = report(id, d.date, draft.activeClients(), chunk, candidates);
            byte[] body;
            try {
                validator.check(report);
                body = codec.encode(report);
            } catch (ReportException e) {
                LOG.error("telemetry dropped a report that breaks the contract at {}; this is a bug", e.getMessage());
                commit(chunk);
                d.sentCandidates.addAll(candidates);
                candidates = List.of();
                continue;
            }
            boolean stored;
            try {
                stored = spool.store(id, body);
            } catch (IOException e) {
                LOG.error("telemetry cannot write to its spool {}: {}; the counts stay in memory", spool.folder(), e.toString());
                return;
            }
            if (!stored) {
                spoolFull(d, last, body.length);
                return;
            }
            commit(chunk);
            d.sentCandidates.addAll(candidates);
            candidates = List.of(); // the first report of a batch carries them
            d.sentActive = draft.activeClients();
            nextReportId = newId();
            LOG.info("telemetry report {} for {} spooled ({} rows, {} bytes)", id, d.date, chunk.size(), body.length);
            synchronized (sendSignal) {
                sendSignal.notifyAll();
            }
        }
    }

    private void spoolFull(Aggregate.Day d, boolean last, int size) {
        long used;
        try {
            used = spool.pendingBytes();
        } catch (IOException e) {
            used = -1;
        }
        if (last) {
            LOG.warn("telemetry spool is full ({} of {} bytes used by unsent reports): the last report for {} ({} bytes) "
                    + "is dropped; the older spooled reports are kept", used, spool.maxBytes(), d.date, size);
        } else {
            LOG.warn("telemetry spool is full ({} of {} bytes used by unsent reports): the new report for {} is not "
                    + "written; its counts stay in memory for the next report, the older spooled reports are kept",
                    used, spool.maxBytes(), d.date);
        }
    }

    private static void commit(List<Aggregate.Line> chunk) {
        for (Aggregate.Line l : chunk) {
            l.row().reported += l.queries();
        }
    }

    private static List<List<Aggregate.Line>> chunks(List<Aggregate.Line> lines) {
        List<List<Aggregate.Line>> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i += ReportValidator.MAX_HITS) {
            out.add(lines.subList(i, Math.min(lines.size(), i + ReportValidator.MAX_HITS)));
        }
        if (out.isEmpty()) {
            out.add(List.of());
        }
        return out;
    }

    private HitReport report(String id, LocalDate day, long activeClients, List<Aggregate.Line> lines,
                             List<String> candidates) {
        List<ReportHit> hits = new ArrayList<>(lines.size());
        for (Aggregate.Line l : lines) {
            Aggregate.Key k = l.row().key;
            hits.add(new ReportHit(k.list(), k.entry(), k.match(), l.queries(), l.clients()));
        }
        return new HitReport(HitReport.SCHEMA, id, day.toString(), pseudonym.forDay(day), region, kind, version,
                activeClients, hits, candidates);
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    /**
     * The exact bytes of the next report: what would be sealed now for the current day, with the report id it
     * would carry. When more than {@link ReportValidator#MAX_HITS} rows are waiting, the first of the reports.
     */
    public byte[] preview() {
        Aggregate.Day d = day(clock.millis());
        synchronized (sealLock) {
            Aggregate.Draft draft = d.draft();
            return codec.encode(report(nextReportId, d.date, draft.activeClients(), chunks(draft.lines()).get(0),
                    draft.candidates()));
        }
    }

    // ---- sending

    private void sendLoop() {
        while (running) {
            try {
                Instant now = clock.instant();
                long wait = holdUntil.toEpochMilli() - now.toEpochMilli();
                if (wait > 0) {
                    sleep(sendSignal, Math.min(wait, TICK_MS));
                    continue;
                }
                if (!sendPending()) {
                    sleep(sendSignal, 1000);
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.error("telemetry delivery failed: {}", e.toString());
                try {
                    sleep(sendSignal, 1000);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /** Sends spooled reports oldest first until one fails; returns whether any file was waiting. */
    private boolean sendPending() throws IOException, InterruptedException {
        List<Path> files = spool.pending();
        for (Path file : files) {
            if (!running) {
                return true;
            }
            byte[] body;
            try {
                body = Files.readAllBytes(file);
            } catch (NoSuchFileException gone) {
                continue;
            }
            String id = Spool.reportId(file);
            Delivery.Outcome outcome = delivery.send(body, tokens.authorizationFor(id).orElse(null));
            Instant now = clock.instant();
            TelemetryState s = state;
            switch (outcome.verdict()) {
                case ACCEPTED, DUPLICATE -> {
                    spool.acknowledge(file);
                    tokens.spent(id);
                    failures = 0;
                    state = s.delivered(now, id);
                    LOG.info("telemetry report {} delivered ({})", id, outcome.detail());
                }
                case REJECTED -> {
                    spool.reject(file);
                    tokens.spent(id);
                    String error = now + " report " + id + " refused: " + outcome.detail();
                    state = s.refused(error);
                    LOG.warn("telemetry backend refused report {} ({}); moved to {} and never sent again", id,
                            outcome.detail(), spool.folder().resolve("rejected").resolve(file.getFileName()));
                }
                case RETRY -> {
                    if (outcome.status() == 401) {
                        tokens.refused(id);
                    }
                    failures++;
                    Duration delay = backoff.delay(failures, outcome.retryAfter());
                    holdUntil = now.plus(delay);
                    state = s.retrying(now + " " + outcome.detail(), outcome.why(), holdUntil);
                    LOG.warn("telemetry delivery of report {} failed ({}): {}; the report stays in the spool, "
                            + "attempt {} again in {} ms", id, outcome.detail(), outcome.why(), failures, delay.toMillis());
                    state.write(config.dataDir());
                    return true;
                }
            }
            state.write(config.dataDir());
        }
        return !files.isEmpty();
    }

    /** Wakes the sender now (tests; the sealer does it after spooling). Backoff and the day delay still apply. */
    public void kick() {
        synchronized (sendSignal) {
            sendSignal.notifyAll();
        }
    }

    private static void sleep(Object monitor, long millis) throws InterruptedException {
        synchronized (monitor) {
            monitor.wait(Math.max(1, millis));
        }
    }

    // ---- status

    public TelemetryStatus status() {
        TelemetryState s = state;
        long pending;
        try {
            pending = spool.pending().size();
        } catch (IOException e) {
            pending = -1;
        }
        return new TelemetryStatus(true, delivery.target().toString(), pending, s.sent(), s.rejected(), s.lastSent(),
                s.lastSentReportId(), s.lastError(), s.held(), s.nextAttempt());
    }

    /** Where reports go: {@code <endpoint>/v1/reports}, or the endpoint itself when it is the full URL. */
    public String target() {
        return delivery.target().toString();
    }

    /** Seals what was counted (so a clean shutdown loses nothing) and stops both threads. */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        try {
            sealNow();
        } catch (RuntimeException e) {
            LOG.warn("telemetry could not seal its last counts: {}", e.toString());
        }
        running = false;
        sealer.interrupt();
        sender.interrupt();
        try {
            sealer.join(2000);
            sender.join(Math.max(2000, config.timeout().toMillis() + 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

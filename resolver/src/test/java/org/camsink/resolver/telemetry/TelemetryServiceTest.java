package org.camsink.resolver.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camsink.resolver.telemetry.Telemetry.ask;
import static org.camsink.resolver.telemetry.Telemetry.config;
import static org.camsink.resolver.telemetry.Telemetry.waitFor;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.camsink.report.HitReport;
import org.camsink.report.ReportCodec;
import org.camsink.report.ReportHit;
import org.camsink.resolver.events.MatchKind;
import org.camsink.resolver.status.TelemetryStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TelemetryServiceTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String T = "cloud.trassir.com";

    @TempDir
    Path dataDir;
    private Receiver receiver;
    private TelemetryService service;

    @BeforeEach
    void receiver() throws Exception {
        receiver = new Receiver();
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        receiver.close();
    }

    private TelemetryService start(MovableClock clock, Duration interval, long spoolMax, Backoff backoff) throws Exception {
        service = TelemetryService.start(config(receiver.endpoint(), dataDir, interval, spoolMax), clock, new Random(7), backoff);
        return service;
    }

    private TelemetryService start(MovableClock clock) throws Exception {
        return start(clock, Duration.ofHours(1), 1 << 20, new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2), new Random(7)));
    }

    private String pseudonym(String day) throws Exception {
        byte[] secret = Files.readAllBytes(dataDir.resolve("installation.secret"));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(day.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The day's hits over all its reports, added up as the backend does: queries summed, clients the largest. */
    private List<ReportHit> merged(String day) {
        java.util.Map<List<String>, ReportHit> rows = new java.util.LinkedHashMap<>();
        for (HitReport r : receiver.reports()) {
            if (!r.day().equals(day)) {
                continue;
            }
            for (ReportHit h : r.hits()) {
                rows.merge(List.of(h.list(), h.entry(), h.match()), h, (a, b) -> new ReportHit(a.list(), a.entry(),
                        a.match(), a.queries() + b.queries(), Math.max(a.clients(), b.clients())));
            }
        }
        return List.copyOf(rows.values());
    }

    private java.util.Set<String> installations(String day) {
        return receiver.reports().stream().filter(r -> r.day().equals(day)).map(HitReport::installation)
                .collect(java.util.stream.Collectors.toSet());
    }

    private List<Path> spooled() throws Exception {
        try (var s = Files.list(dataDir.resolve("spool"))) {
            return s.filter(p -> p.toString().endsWith(".json")).toList();
        }
    }

    @Test
    void countsPerEntryAndPreviewIsTheExactNextReport() throws Exception {
        MovableClock clock = new MovableClock(Instant.parse("2026-11-25T10:15:00Z"));
        TelemetryService s = start(clock);
        for (int i = 0; i < 5; i++) {
            ask(s, "192.168.1.10", "a" + i + ".cloud.trassir.com.", "trassir", T, MatchKind.QNAME);
        }
        for (int i = 0; i < 3; i++) {
            ask(s, "192.168.1.11", "b" + i + ".cloud.trassir.com.", "trassir", T, MatchKind.QNAME);
        }
        ask(s, "192.168.1.11", "cam.example.", "xmeye", "xmeye.net", MatchKind.CNAME);
        for (int i = 0; i < 4; i++) {
            ask(s, "192.168.1.12", "plain" + i + ".example.", null, null, null);
        }
        byte[] preview = s.preview();
        assertThat(s.preview()).as("preview does not consume anything").isEqualTo(preview);
        s.sealNow();
        waitFor("first report", WAIT, () -> receiver.reports().size() == 1);

        assertThat(receiver.attempts().get(0).body()).as("the preview is byte for byte what was sent").isEqualTo(preview);
        HitReport r = receiver.reports().get(0);
        assertThat(r.day()).isEqualTo("2026-11-25");
        assertThat(r.region()).isEqualTo("UA-30");
        assertThat(r.kind()).isEqualTo("home");
        assertThat(r.installation()).isEqualTo(pseudonym("2026-11-25"));
        assertThat(r.activeClients()).isEqualTo(3);
        assertThat(r.hits()).containsExactly(
                new ReportHit("trassir", T, "qname", 8, 2),
                new ReportHit("xmeye", "xmeye.net", "cname", 1, 1));
        assertThat(receiver.attempts().get(0).path()).isEqualTo("/v1/reports");
        assertThat(receiver.attempts().get(0).headers()).contains("Content-type: application/json");

        // the next report carries only the new queries; clients stay the count for the day so far
        ask(s, "192.168.1.10", "c.cloud.trassir.com.", "trassir", T, MatchKind.QNAME);
        ask(s, "192.168.1.10", "d.cloud.trassir.com.", "trassir", T, MatchKind.QNAME);
        s.sealNow();
        waitFor("second report", WAIT, () -> receiver.reports().size() == 2);
        HitReport second = receiver.reports().get(1);
        assertThat(second.hits()).containsExactly(new ReportHit("trassir", T, "qname", 2, 2));
        assertThat(second.installation()).isEqualTo(r.installation());
        assertThat(second.reportId()).isNotEqualTo(r.reportId());

        // nothing new: nothing sealed
        s.sealNow();
        Thread.sleep(300);
        assertThat(receiver.attempts()).hasSize(2);
        waitFor("spool emptied", WAIT, () -> s.status().pending() == 0 && s.status().sent() == 2);
        TelemetryStatus st = s.status();
        assertThat(st.sent()).isEqualTo(2);
        assertThat(st.lastSentReportId()).isEqualTo(second.reportId());
        assertThat(st.endpoint()).isEqualTo(receiver.endpoint() + "/v1/reports");
    }

    @Test
    void dayBoundarySealsTheOldDayAndTheSecretStaysHome() throws Exception {
        MovableClock clock = new MovableClock(Instant.parse("2026-11-25T23:59:30Z"));
        TelemetryService s = start(clock, Duration.ofSeconds(6), 1 << 20,
                new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2), new Random(7)));
        clock.set(Instant.parse("2026-11-25T23:59:59Z")); // however long the start took
        ask(s, "192.168.1.10", "x.cloud.trassir.com.", "trassir", T, MatchKind.QNAME);
        clock.set(Instant.parse("2026-11-26T00:00:00.500Z"));
        ask(s, "192.168.1.20", "y.cloud.trassir.com.", "trassir", T, MatchKind.QNAME);
        waitFor("the old day's report", WAIT, () -> receiver.reports().size() >= 1);
        s.sealNow();
        // A day may be split over several reports (an interval seal can land while the clock jumps past
        // midnight); the backend adds them up, so the test does too.
        List<ReportHit> one = List.of(new ReportHit("trassir", T, "qname", 1, 1));
        waitFor("both days' counts", WAIT, () -> merged("2026-11-25").equals(one) && merged("2026-11-26").equals(one));
        assertThat(installations("2026-11-25")).containsExactly(pseudonym("2026-11-25"));
        assertThat(installations("2026-11-26")).containsExactly(pseudonym("2026-11-26"));
        assertThat(pseudonym("2026-11-25")).isNotEqualTo(pseudonym("2026-11-26"));

        Path secret = dataDir.resolve("installation.secret");
        assertThat(Files.size(secret)).isEqualTo(32);
        assertThat(Files.getPosixFilePermissions(secret)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        byte[] raw = Files.readAllBytes(secret);
        String sent = receiver.everything();
        assertThat(sent).doesNotContain(HexFormat.of().formatHex(raw))
                .doesNotContain(Base64.getEncoder().encodeToString(raw))
                .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(raw))
                .doesNotContain(new String(raw, StandardCharsets.ISO_8859_1));
    }

    @Test
    void retriesWithSpacedOutAttemptsThenDelivers() throws Exception {
        AtomicInteger n = new AtomicInteger();
        receiver.answer(() -> n.incrementAndGet() <= 3 ? 503 : 202);
        TelemetryService s = start(new MovableClock(Instant.parse("2026-11-25T10:00:00Z")), Duration.ofHours(1), 1 << 20,
                new Backoff(Duration.ofMillis(300), Duration.ofSeconds(3), new Random(11)));
        ask(s, "192.168.1.10", "x.cloud.trassir.com.", "trassir", T, MatchKind.QNAME);
        s.sealNow();
        waitFor("delivery after three 503s", WAIT, () -> receiver.reports().size() == 1);
        List<Receiver.Attempt> a = receiver.attempts();
        assertThat(a).hasSize(4);
        assertThat(a).extracting(Receiver.Attempt::status).containsExactly(503, 503, 503, 202);
        for (int i = 1; i < a.size(); i++) {
            long gapMs = (a.get(i).nanos() - a.get(i - 1).nanos()) / 1_000_000;
            assertThat(gapMs).as("gap before attempt %d", i + 1).isGreaterThanOrEqualTo(150);
        }
        assertThat(a).extracting(x -> new String(x.body(), StandardCharsets.UTF_8)).containsOnly(new String(a.get(0).body(), StandardCharsets.UTF_8));
        waitFor("spool emptied", WAIT, () -> s.status().pending() == 0 && s.status().sent() == 1);
        assertThat(s.status().lastError()).contains("HTTP 503");
        assertThat(s.status().sent()).isEqualTo(1);
    }

    @Test
    void aRefusedReportIsMovedAsideAndNeverRetried() throws Exception {
        receiver.answer(() -> 400);
        TelemetryService s = start(new MovableClock(Instant.parse("2026-11-25T10:00:00Z")));
        ask(s, "192.168.1.10", "x.cloud.trassir.com.", "trassir", T, MatchKind.QNAME);
        s.sealNow();
        Path rejected = dataDir.resolve("spool/rejected");
        waitFor("report moved to rejected/", WAIT, () -> {
            try (var files = Files.list(rejected)) {
                return files.count() == 1;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        s.kick();
        Thread.sleep(1500);
        assertThat(receiver.attempts()).hasSize(1);
        assertThat(spooled()).isEmpty();
        waitFor("status updated", WAIT, () -> s.status().rejected() == 1);
        assertThat(s.status().lastError()).contains("HTTP 400");
    }

    @Test
    void aMistypedEndpointKeepsTheReportUntilItIsFixed() throws Exception {
        java.net.URI wrong = java.net.URI.create(receiver.endpoint() + "/prod");
        Backoff fast = new Backoff(Duration.ofMillis(100), Duration.ofMillis(400), new Random(3));
        MovableClock clock = new MovableClock(Instant.parse("2026-11-25T10:00:00Z"));
        TelemetryService s = TelemetryService.start(config(wrong, dataDir, Duration.ofHours(1), 1 << 20), clock,
                new Random(7), fast);
        service = s;
        ask(s, "192.168.1.10", "x.cloud.trassir.com.", "trassir", T, MatchKind.QNAME);
        s.sealNow();
        waitFor("three refused attempts", WAIT, () -> receiver.attempts().size() >= 3);
        assertThat(receiver.attempts()).extracting(Receiver.Attempt::path).containsOnly("/prod/v1/reports");
        assertThat(receiver.attempts()).extracting(Receiver.Attempt::status).containsOnly(404);
        assertThat(spooled()).hasSize(1);
        assertThat(Files.list(dataDir.resolve("spool/rejected")).count()).isZero();
        TelemetryStatus held = s.status();
        assertThat(held.pending()).isEqualTo(1);
        assertThat(held.rejected()).isZero();
        assertThat(held.held()).contains("HTTP 404", "check telemetry.endpoint");
        assertThat(held.nextAttempt()).isNotNull();
        s.close();

        // the owner fixes the endpoint, here by giving the full reports URL, and restarts
        java.net.URI fixed = java.net.URI.create(receiver.endpoint() + "/v1/reports/");
        service = TelemetryService.start(config(fixed, dataDir, Duration.ofHours(1), 1 << 20), clock, new Random(7), fast);
        waitFor("the kept report delivered", WAIT, () -> receiver.reports().size() == 1 && service.status().pending() == 0
                && service.status().sent() == 1);
        Receiver.Attempt delivered = receiver.attempts().get(receiver.attempts().size() - 1);
        assertThat(delivered.path()).isEqualTo("/v1/reports");
        assertThat(delivered.body()).isEqualTo(receiver.attempts().get(0).body());
        TelemetryStatus after = service.status();
        assertThat(after.endpoint()).isEqualTo(receiver.endpoint() + "/v1/reports");
        assertThat(after.sent()).isEqualTo(1);
        assertThat(after.held()).isNull();
        assertThat(after.rejected()).isZero();
    }

    @Test
    void theDuplicateAnswerAcknowledgesAResentReport() throws Exception {
        TelemetryService s = start(new MovableClock(Instant.parse("2026-11-25T10:00:00Z")));
        ask(s, "192.168.1.10", "x.cloud.trassir.com.", "trassir", T, MatchKind.QNAME);
        s.sealNow();
        waitFor("first delivery", WAIT, () -> receiver.reports().size() == 1 && s.status().pending() == 0);
        // as if the process died after the backend stored it but before the file was deleted
        HitReport r = receiver.reports().get(0);
        Files.write(dataDir.resolve("spool").resolve(r.reportId() + ".json"), receiver.attempts().get(0).body());
        s.kick();
        waitFor("duplicate acknowledged", WAIT, () -> receiver.attempts().size() == 2 && s.status().pending() == 0);
        assertThat(receiver.attempts().get(1).status()).isEqualTo(200);
        assertThat(receiver.storedIds()).containsExactly(r.reportId());
        assertThat(spooled()).isEmpty();
    }

    @Test
    void aFullSpoolKeepsOldReportsAndTheCountsOfTheNewOne() throws Exception {
        AtomicInteger code = new AtomicInteger(503);
        receiver.answer(code::get);
        TelemetryService s = start(new MovableClock(Instant.parse("2026-11-25T10:00:00Z")), Duration.ofHours(1), 600,
                new Backoff(Duration.ofMillis(200), Duration.ofMillis(400), new Random(3)));
        ask(s, "192.168.1.10", "x.cloud.trassir.com.", "trassir", T, MatchKind.QNAME);
        s.sealNow();
        assertThat(spooled()).hasSize(1);
        String first = Spool.reportId(spooled().get(0));
        ask(s, "192.168.1.10", "y.cloud.trassir.com.", "trassir", T, MatchKind.QNAME);
        ask(s, "192.168.1.11", "z.cloud.trassir.com.", "trassir", T, MatchKind.QNAME);
        s.sealNow();
        assertThat(spooled()).as("the new report does not fit next to the old one").hasSize(1);
        code.set(202);
        waitFor("old report delivered and deleted", WAIT, () -> receiver.storedIds().contains(first) && s.status().pending() == 0);
        s.sealNow();
        waitFor("held-back counts delivered", WAIT, () -> receiver.reports().size() == 2);
        assertThat(receiver.reports().get(1).hits()).containsExactly(new ReportHit("trassir", T, "qname", 2, 2));
        assertThat(receiver.reports().get(1).activeClients()).isEqualTo(2);
    }

    @Test
    void aRestartResendsSpooledReportsAndRemovesPartialFiles() throws Exception {
        MovableClock clock = new MovableClock(Instant.parse("2026-11-25T10:00:00Z"));
        receiver.answer(() -> 503);
        TelemetryService s = start(clock);
        ask(s, "192.168.1.10", "x.cloud.trassir.com.", "trassir", T, MatchKind.QNAME);
        s.sealNow();
        String id = Spool.reportId(spooled().get(0));
        s.close();
        service = null;
        Path partial = dataDir.resolve("spool/.tmp-0b7d6a8e-7e59-4c1e-9f6a-2f0d3c4b5a69.json");
        Files.writeString(partial, "{\"schema\":\"camsink.rep");
        receiver.answer(() -> 202);
        start(clock);
        waitFor("resent after restart", WAIT, () -> receiver.storedIds().contains(id));
        assertThat(partial).doesNotExist();
        assertThat(receiver.storedIds()).containsExactly(id);
        assertThat(new ReportCodec().decode(receiver.attempts().getLast().body()).reportId()).isEqualTo(id);
    }

    @Test
    void eachIntervalsReportGoesOutAtARandomMomentInsideIt() throws Exception {
        Instant start = Instant.parse("2026-11-25T10:00:00Z");
        MovableClock clock = new MovableClock(start);
        TelemetryService s = start(clock);
        java.util.Set<Long> offsets = new java.util.HashSet<>();
        Instant window = start;
        for (int i = 0; i < 6; i++) {
            Instant at = s.nextSealAt();
            assertThat(at).as("interval %d", i).isBetween(window, window.plusSeconds(3599));
            offsets.add(Duration.between(window, at).toSeconds());
            ask(s, "192.168.1.10", "x" + i + ".cloud.trassir.com.", "trassir", T, MatchKind.QNAME);
            clock.set(at);
            int before = i;
            waitFor("report of interval " + i, WAIT, () -> receiver.reports().size() == before + 1);
            window = window.plus(Duration.ofHours(1));
            Instant next = window;
            waitFor("the next interval's moment", WAIT, () -> !s.nextSealAt().isBefore(next));
        }
        // not the same second of every hour
        assertThat(offsets).hasSizeGreaterThan(1);
    }

    @Test
    void aDeviceJoiningSendsNothingUntilTheDaysLastReport() throws Exception {
        MovableClock clock = new MovableClock(Instant.parse("2026-11-25T22:00:00Z"));
        TelemetryService s = start(clock);
        ask(s, "192.168.1.10", "x.cloud.trassir.com.", "trassir", T, MatchKind.QNAME);
        s.sealNow();
        waitFor("the hit's report", WAIT, () -> receiver.reports().size() == 1);
        // a new device asks ordinary names: no report for it, at the next interval or at a seal
        ask(s, "192.168.1.77", "plain.example.", null, null, null);
        s.sealNow();
        clock.set(Instant.parse("2026-11-25T23:59:00Z"));
        Thread.sleep(600); // the sealer ticks every 200 ms: it had three chances to send something
        assertThat(receiver.attempts()).hasSize(1);
        // the day's last report, after midnight, carries the new active count
        clock.set(Instant.parse("2026-11-26T00:10:00Z"));
        waitFor("the day's last report", WAIT, () -> receiver.reports().size() == 2);
        assertThat(receiver.reports().get(1).activeClients()).isEqualTo(2);
        assertThat(receiver.reports().get(1).hits()).isEmpty();
    }

    @Test
    void hitsOnTheOwnersListsAreNotReportedAtAll() throws Exception {
        MovableClock clock = new MovableClock(Instant.parse("2026-11-25T10:00:00Z"));
        TelemetryService s = start(clock);
        s.reportLists(List.of(
                new org.camsink.resolver.config.Config.ListSource("builtin:trassir", "trassir", null, null, null, null),
                new org.camsink.resolver.config.Config.ListSource("/etc/camsink/xmeye.txt", "xmeye", null, null, null, null),
                new org.camsink.resolver.config.Config.ListSource("/etc/camsink/my-cams.txt", "my-cams", null, null, null, null)));
        ask(s, "192.168.1.10", "x.cloud.trassir.com.", "trassir", T, MatchKind.QNAME);
        // a file list that happens to share a catalogue id, and one of the owner's own
        ask(s, "192.168.1.11", "cam.example.", "xmeye", "xmeye.net", MatchKind.QNAME);
        ask(s, "192.168.1.12", "nas.home.example.", "my-cams", "nas.home.example", MatchKind.QNAME);
        s.sealNow();
        waitFor("the report", WAIT, () -> receiver.reports().size() == 1);
        HitReport r = receiver.reports().getFirst();
        assertThat(r.hits()).containsExactly(new ReportHit("trassir", T, "qname", 1, 1));
        assertThat(r.activeClients()).as("the clients still count as active").isEqualTo(3);
        assertThat(new String(receiver.attempts().getFirst().body(), StandardCharsets.UTF_8))
                .doesNotContain("my-cams", "nas.home", "xmeye");
    }
}

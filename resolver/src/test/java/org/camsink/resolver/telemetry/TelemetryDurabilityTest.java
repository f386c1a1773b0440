package org.camsink.resolver.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camsink.resolver.telemetry.Telemetry.waitFor;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.camsink.resolver.testing.DnsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * Kills a resolver JVM with telemetry on ({@code destroyForcibly}, i.e. SIGKILL) at random moments while it
 * spools reports and the backend fails or succeeds, restarts it on the same data folder, and checks that every
 * report that reached the spool arrives exactly once after dedupe. Iterations: {@code -Dcamsink.soak.iterations}
 * (default 5; {@code resolver/src/test/sh/telemetry-soak.sh} runs 50).
 */
class TelemetryDurabilityTest {
    private static final Pattern SPOOLED = Pattern.compile("telemetry report ([0-9a-f-]{36}) for \\S+ spooled");
    private static final Pattern READY = Pattern.compile("READY (\\d+)");

    @TempDir
    Path dir;

    @Test
    void killedAtRandomMomentsLosesNoSpooledReportAndCountsNoneTwice() throws Exception {
        int iterations = Integer.getInteger("camsink.soak.iterations", 5);
        long seed = Long.getLong("camsink.soak.seed", System.nanoTime());
        Random random = new Random(seed);
        Path dataDir = dir.resolve("data");
        Set<String> spooled = new LinkedHashSet<>();
        AtomicInteger mode = new AtomicInteger(503);
        int kills = 0;
        Instant started = Instant.now();
        try (Receiver receiver = new Receiver();
             DatagramSocket blackHole = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            receiver.answer(mode::get);
            Path config = dir.resolve("resolver.yaml");
            // one bundled list, and every query a hit on it: a report is sealed for hits, never for a new client alone
            Files.writeString(config, "listen: [\"127.0.0.1:0\"]\nadmin: { enabled: false }\n"
                    + "lists: [{ source: \"builtin:trassir\" }]\n"
                    + "upstreams: [\"127.0.0.1:" + blackHole.getLocalPort() + "\"]\n"
                    + "upstream: { timeout: 100ms, attempts: 1 }\n");
            int client = 0;
            for (int i = 0; i <= iterations; i++) {
                boolean last = i == iterations;
                // mostly failing, sometimes accepting, so kills land both before and after acknowledgements
                mode.set(last || random.nextInt(4) == 0 ? 202 : 503);
                Path log = dir.resolve("child-" + i + ".log");
                Process child = start(config, receiver, dataDir, log);
                try {
                    int port = awaitReady(child, log);
                    InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
                    int queries = 1 + random.nextInt(3);
                    for (int q = 0; q < queries; q++) {
                        client++;
                        query(server, "127.0.%d.%d".formatted(1 + client / 250, 1 + client % 250));
                    }
                    if (last) {
                        waitFor("every spooled report delivered", Duration.ofSeconds(30), () -> {
                            spooled.addAll(spooledIds(log));
                            return !spooled.isEmpty() && receiver.storedIds().containsAll(spooled) && pending(dataDir) == 0;
                        });
                    } else {
                        Thread.sleep(random.nextInt(1200));
                    }
                } finally {
                    child.destroyForcibly();
                    child.waitFor();
                    kills++;
                }
                spooled.addAll(spooledIds(log));
            }
            Set<String> stored = receiver.storedIds();
            long accepted = receiver.attempts().stream().filter(a -> a.status() == 202).count();
            long duplicates = receiver.attempts().stream().filter(a -> a.status() == 200).count();
            String summary = "seed " + seed + ": " + kills + " kills, " + spooled.size() + " reports spooled, "
                    + stored.size() + " stored, " + duplicates + " duplicate resends, " + receiver.attempts().size()
                    + " attempts in " + Duration.between(started, Instant.now()).toSeconds() + " s";
            System.out.println("DURABILITY " + summary);
            assertThat(receiver.invalid()).as(summary).isEmpty();
            assertThat(stored).as("no spooled report is lost (%s)", summary).containsAll(spooled);
            assertThat(accepted).as("each report stored once (%s)", summary).isEqualTo(stored.size());
            assertThat(receiver.reports()).extracting(r -> r.reportId()).doesNotHaveDuplicates();
            assertThat(spooled).as("reports were spooled at all").hasSizeGreaterThanOrEqualTo(iterations / 2);
            try (Stream<Path> left = Files.list(dataDir.resolve("spool"))) {
                assertThat(left.filter(Files::isRegularFile).toList()).as("nothing left in the spool, no temp files").isEmpty();
            }
            assertThat(Files.list(dataDir.resolve("spool/rejected")).toList()).isEmpty();
        }
    }

    private Process start(Path config, Receiver receiver, Path dataDir, Path log) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx128m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-cp", cp, TelemetryChild.class.getName(), config.toString(),
                receiver.endpoint().toString(), dataDir.toString(), "300"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static int awaitReady(Process child, Path log) throws Exception {
        Instant end = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(end)) {
            Matcher m = READY.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!child.isAlive()) {
                throw new AssertionError("child exited: " + Files.readString(log));
            }
            Thread.sleep(20);
        }
        throw new AssertionError("child not ready in 30 s: " + Files.readString(log));
    }

    private static void query(InetSocketAddress server, String source) throws IOException {
        try {
            DnsClient.udp(server, DnsClient.query("durability.cloud.trassir.com.", Type.A), Duration.ofMillis(800),
                    InetAddress.getByName(source));
        } catch (SocketTimeoutException e) {
            // the answer does not matter; the resolver counted the client before or while answering
        }
    }

    private static Set<String> spooledIds(Path log) {
        Set<String> ids = new LinkedHashSet<>();
        try {
            Matcher m = SPOOLED.matcher(Files.readString(log, StandardCharsets.UTF_8));
            while (m.find()) {
                ids.add(m.group(1));
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return ids;
    }

    private static long pending(Path dataDir) {
        try (Stream<Path> s = Files.list(dataDir.resolve("spool"))) {
            return s.filter(p -> p.toString().endsWith(".json")).count();
        } catch (IOException e) {
            return -1;
        }
    }
}

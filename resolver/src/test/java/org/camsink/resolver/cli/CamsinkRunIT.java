package org.camsink.resolver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.camsink.resolver.testing.UnboundUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real entry point: {@code java -jar camsink-resolver.jar run --config FILE} (what {@code ./camsink run} execs),
 * queried with the real clients {@code dig} and {@code kdig}, reloaded with SIGHUP and stopped with SIGTERM.
 */
class CamsinkRunIT {
    static UnboundUpstream unbound;
    static Process camsink;
    static Path log;
    static int port;
    static Duration startedIn;

    @TempDir
    static Path dir;

    static Path tool(String env, String name, String debianPackage) {
        String fromEnv = System.getenv(env);
        for (String candidate : new String[] {fromEnv, "/usr/bin/" + name, "/usr/local/bin/" + name}) {
            if (candidate != null && !candidate.isBlank() && Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new IllegalStateException(name + " not found (set " + env + " or install the Debian package " + debianPackage + ")");
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("camsink.jar", "target/camsink-resolver.jar"));
        assertThat(jar).as("the packaged jar; run through ./mvnw verify").exists();
        return jar;
    }

    static String java() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    static int freePort() throws IOException {
        for (int i = 0; i < 20; i++) {
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                 ServerSocket tcp = new ServerSocket(udp.getLocalPort(), 1, InetAddress.getLoopbackAddress())) {
                return udp.getLocalPort();
            } catch (IOException busy) {
                // next
            }
        }
        throw new IOException("no free port");
    }

    static String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    static boolean awaitLog(String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (log().contains(text)) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    @BeforeAll
    static void start() throws Exception {
        StringBuilder big = new StringBuilder("big.test. 300 IN TXT");
        for (int i = 0; i < 4; i++) {
            big.append(" \"").append("x".repeat(200)).append('"');
        }
        unbound = UnboundUpstream.start(List.of("plain.test. 300 IN A 192.0.2.10",
                "www.cloud.trassir.com. 300 IN A 192.0.2.77", big.toString()), List.of());
        port = freePort();
        Path config = dir.resolve("camsink.yaml");
        Files.writeString(config, "listen: [\"127.0.0.1:" + port + "\"]\n"
                + "upstreams: [\"" + unbound.hostPort() + "\"]\n"
                + "admin: { listen: \"127.0.0.1:0\" }\n"
                + "telemetry: { dataDir: \"" + dir.resolve("state") + "\" }\n");
        log = dir.resolve("camsink.log");
        long t0 = System.nanoTime();
        camsink = new ProcessBuilder(java(), "-XX:+UseSerialGC", "-jar", jar().toString(), "run", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(awaitLog("listening on", Duration.ofSeconds(30))).as(CamsinkRunIT::safeLog).isTrue();
        startedIn = Duration.ofNanos(System.nanoTime() - t0);
    }

    static String safeLog() {
        try {
            return log();
        } catch (IOException e) {
            return e.toString();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (camsink != null && camsink.isAlive()) {
            camsink.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (unbound != null) {
            unbound.close();
        }
    }

    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", command));
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    static String dig(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(tool("CAMSINK_DIG", "dig", "bind9-dnsutils").toString(),
                "@127.0.0.1", "-p", String.valueOf(port), "+time=3", "+tries=1"));
        cmd.addAll(List.of(args));
        return run(cmd.toArray(String[]::new));
    }

    static String kdig(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(tool("CAMSINK_KDIG", "kdig", "knot-dnsutils").toString(),
                "@127.0.0.1", "-p", String.valueOf(port), "+time=3", "+retry=0"));
        cmd.addAll(List.of(args));
        return run(cmd.toArray(String[]::new));
    }

    @Test
    void startsQuicklyAndLogsOneStartLine() throws Exception {
        assertThat(log()).containsOnlyOnce("listening on udp 127.0.0.1:" + port + " tcp 127.0.0.1:" + port);
        // only a bound against hangs: a shared CI machine can be many times slower than a quiet one
        assertThat(startedIn).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void digGetsAnswersOverUdpAndTcp() throws Exception {
        assertThat(dig("+short", "plain.test", "A").trim()).isEqualTo("192.0.2.10");
        assertThat(dig("+short", "+tcp", "plain.test", "A").trim()).isEqualTo("192.0.2.10");
        String truncated = dig("+notcp", "+ignore", "+noedns", "big.test", "TXT");
        assertThat(truncated).containsPattern("flags: qr[a-z ]* tc");
        String full = dig("+tcp", "big.test", "TXT");
        assertThat(full).contains("status: NOERROR").contains("ANSWER: 1");
        assertThat(full).containsPattern("EDNS: version: 0, flags:; udp: 1232");
    }

    @Test
    void kdigGetsAnswersOverUdpAndTcp() throws Exception {
        assertThat(kdig("+short", "plain.test", "A").trim()).isEqualTo("192.0.2.10");
        assertThat(kdig("+short", "+tcp", "plain.test", "A").trim()).isEqualTo("192.0.2.10");
        assertThat(kdig("+tcp", "big.test", "TXT")).contains("NOERROR").contains("ANSWER: 1");
    }

    @Test
    void theBundledTrassirListBlocksTheVendorCloud() throws Exception {
        String out = kdig("www.cloud.TRASSIR.com", "A");
        assertThat(out).contains("NXDOMAIN").doesNotContain("192.0.2.77");
    }

    @Test
    void sighupReloadsAndSigtermStopsWithALogLine() throws Exception {
        run("kill", "-HUP", String.valueOf(camsink.pid()));
        assertThat(awaitLog("reloaded", Duration.ofSeconds(10))).as(CamsinkRunIT::safeLog).isTrue();
        assertThat(dig("+short", "plain.test", "A").trim()).isEqualTo("192.0.2.10");
        // last test in this class by name order is not guaranteed, so stop a separate copy instead of the shared one
        Path config = dir.resolve("second.yaml");
        int other = freePort();
        Files.writeString(config, "listen: [\"127.0.0.1:" + other + "\"]\nupstreams: [\"" + unbound.hostPort() + "\"]\n"
                + "admin: { enabled: false }\nlists: []\n");
        Path secondLog = dir.resolve("second.log");
        Process second = new ProcessBuilder(java(), "-jar", jar().toString(), "run", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(secondLog.toFile()).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!Files.readString(secondLog).contains("listening on") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            second.destroy(); // SIGTERM
            assertThat(second.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(secondLog)).contains("listening on").contains("camsink stopped");
        } finally {
            second.destroyForcibly();
        }
    }

    @Test
    void aBadConfigExitsOneNamingTheKeyAndLine() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "listen: [\"127.0.0.1:1053\"]\ncache:\n  maxTtl: soon\n");
        Process p = new ProcessBuilder(java(), "-jar", jar().toString(), "run", "--config", bad.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(out).contains(bad + ":3: cache.maxTtl: must be a whole number");
    }
}

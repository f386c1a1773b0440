package org.camsink.resolver.testing;

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
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import org.xbill.DNS.DClass;

/**
 * A real Unbound (the Debian package) on a free 127.0.0.1 port, serving only the given local zones and data.
 * Everything else is refused ({@code local-zone: "." refuse}), so it never talks to the internet.
 *
 * <pre>{@code
 * try (UnboundUpstream up = UnboundUpstream.start(List.of("plain.test. 300 IN A 192.0.2.1"), List.of())) {
 *     String upstream = up.hostPort(); // "127.0.0.1:PORT"
 * }
 * }</pre>
 *
 * Unbound does not chase local-data CNAMEs to their target, so give the target's records too. The binary is
 * found through {@code CAMSINK_UNBOUND}, then {@code /usr/sbin/unbound}; when it is missing, start fails
 * with a message naming the Debian package.
 */
public final class UnboundUpstream implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final Path dir;
    private final int port;

    private UnboundUpstream(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** Starts Unbound with {@code local-data} lines (zone-file records) and {@code local-zone} lines ("name type"). */
    public static UnboundUpstream start(List<String> localData, List<String> localZones) throws IOException {
        return start(localData, localZones, List.of());
    }

    /** As {@link #start(List, List)}, with extra raw {@code server:} options such as {@code "minimal-responses: no"}. */
    public static UnboundUpstream start(List<String> localData, List<String> localZones, List<String> extraOptions)
            throws IOException {
        Path binary = binary();
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            Path dir = Files.createTempDirectory("camsink-unbound");
            int port = freePort();
            Path conf = dir.resolve("unbound.conf");
            Files.writeString(conf, config(dir, port, localData, localZones, extraOptions), StandardCharsets.UTF_8);
            Process p = new ProcessBuilder(binary.toString(), "-d", "-c", conf.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("unbound.log").toFile())
                    .start();
            UnboundUpstream u = new UnboundUpstream(p, dir, port);
            try {
                u.awaitReady();
                return u;
            } catch (IOException e) {
                last = e;
                u.close();
            }
        }
        throw last;
    }

    static Path binary() {
        String env = System.getenv("CAMSINK_UNBOUND");
        List<Path> candidates = new ArrayList<>();
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        candidates.add(Path.of("/usr/sbin/unbound"));
        candidates.add(Path.of("/usr/local/sbin/unbound"));
        for (Path p : candidates) {
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IllegalStateException("unbound not found (set CAMSINK_UNBOUND or install the Debian package unbound)");
    }

    private static String config(Path dir, int port, List<String> data, List<String> zones, List<String> extra) {
        StringBuilder sb = new StringBuilder();
        sb.append("server:\n")
                .append("  interface: 127.0.0.1\n")
                .append("  port: ").append(port).append('\n')
                .append("  do-ip6: no\n")
                .append("  do-daemonize: no\n")
                .append("  username: \"\"\n")
                .append("  chroot: \"\"\n")
                .append("  directory: \"").append(dir).append("\"\n")
                .append("  pidfile: \"").append(dir.resolve("unbound.pid")).append("\"\n")
                .append("  use-syslog: no\n")
                .append("  logfile: \"\"\n")
                .append("  verbosity: 0\n")
                .append("  num-threads: 1\n")
                .append("  access-control: 127.0.0.0/8 allow\n")
                .append("  module-config: \"iterator\"\n")
                .append("  local-zone: \".\" refuse\n");
        for (String z : zones) {
            String[] parts = z.trim().split("\\s+", 2);
            sb.append("  local-zone: \"").append(parts[0]).append("\" ").append(parts.length > 1 ? parts[1] : "static").append('\n');
        }
        for (String d : data) {
            sb.append("  local-data: '").append(d).append("'\n");
        }
        for (String e : extra) {
            sb.append("  ").append(e).append('\n');
        }
        sb.append("remote-control:\n  control-enable: no\n");
        return sb.toString();
    }

    private static int freePort() throws IOException {
        for (int i = 0; i < 20; i++) {
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                int port = udp.getLocalPort();
                try (ServerSocket tcp = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    return port;
                } catch (IOException busy) {
                    // try another
                }
            }
        }
        throw new IOException("no free port for unbound");
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Message probe = Message.newQuery(Record.newRecord(Name.root, Type.SOA, DClass.IN));
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("unbound exited with " + process.exitValue() + ": " + log());
            }
            try {
                DnsClient.udp(address(), probe, Duration.ofMillis(200));
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        }
        throw new IOException("unbound did not answer within " + READY_TIMEOUT + ": " + log());
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("unbound.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    public int port() {
        return port;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** {@code 127.0.0.1:PORT}, as written in {@code upstreams:}. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    public boolean running() {
        return process.isAlive();
    }

    /** Stops Unbound (the port stays reserved for nothing; queries to it fail at once). Idempotent. */
    public void stop() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }
}

package org.camsink.resolver.testing;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.io.IOException;
import java.util.function.LongSupplier;
import org.camsink.resolver.app.Resolver;
import org.camsink.resolver.config.Config;
import org.camsink.resolver.config.ConfigException;
import org.camsink.resolver.config.ConfigLoader;
import org.xbill.DNS.Message;

/**
 * An {@link Resolver} started from a YAML string, listening on 127.0.0.1 with ephemeral ports. Unless the YAML
 * says otherwise, {@code listen} is {@code 127.0.0.1:0}, {@code admin.listen} is {@code 127.0.0.1:0} and
 * {@code lists} is empty, so tests never collide on fixed ports.
 *
 * <pre>{@code
 * try (TestResolver r = TestResolver.start("upstreams: [\"" + unbound.hostPort() + "\"]\n")) {
 *     Message m = r.udp(DnsClient.query("plain.test.", Type.A));
 * }
 * }</pre>
 */
public final class TestResolver implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Resolver resolver;
    private final Path file;

    private TestResolver(Resolver resolver, Path file) {
        this.resolver = resolver;
        this.file = file;
    }

    /** Writes the YAML (with the defaults above added) to a temp file, loads it and starts the resolver. */
    public static TestResolver start(String yaml) throws IOException, ConfigException {
        return start(yaml, System::nanoTime);
    }

    /** As {@link #start(String)}, with rate limits that refill only as {@code limiterNanos} moves. */
    public static TestResolver start(String yaml, LongSupplier limiterNanos) throws IOException, ConfigException {
        Path file = Files.createTempFile("camsink-test", ".yaml");
        Files.writeString(file, withTestDefaults(yaml), StandardCharsets.UTF_8);
        Config config = ConfigLoader.load(file);
        return new TestResolver(Resolver.start(config, limiterNanos), file);
    }

    /** The YAML with listen, admin and lists filled in when it does not set them. */
    public static String withTestDefaults(String yaml) {
        StringBuilder sb = new StringBuilder(yaml);
        if (!yaml.endsWith("\n") && !yaml.isEmpty()) {
            sb.append('\n');
        }
        if (!hasTopKey(yaml, "listen")) {
            sb.append("listen: [\"127.0.0.1:0\"]\n");
        }
        if (!hasTopKey(yaml, "admin")) {
            sb.append("admin: { listen: \"127.0.0.1:0\" }\n");
        }
        if (!hasTopKey(yaml, "lists")) {
            sb.append("lists: []\n");
        }
        return sb.toString();
    }

    private static boolean hasTopKey(String yaml, String key) {
        return yaml.lines().anyMatch(l -> l.startsWith(key + ":"));
    }

    public Resolver resolver() {
        return resolver;
    }

    /** The YAML file the resolver was loaded from; rewrite it to test reloads. */
    public Path file() {
        return file;
    }

    public InetSocketAddress udpAddress() {
        return resolver.udpAddresses().get(0);
    }

    public InetSocketAddress tcpAddress() {
        return resolver.tcpAddresses().get(0);
    }

    public Message udp(Message query) throws IOException {
        return DnsClient.udp(udpAddress(), query, TIMEOUT);
    }

    public Message tcp(Message query) throws IOException {
        return DnsClient.tcp(tcpAddress(), query, TIMEOUT);
    }

    @Override
    public void close() throws IOException {
        resolver.close();
        Files.deleteIfExists(file);
    }
}

package org.camsink.resolver.config;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.camsink.resolver.net.Cidr;
import org.camsink.resolver.net.HostPort;

/**
 * The whole resolver configuration. One small record per feature; {@link ConfigLoader} fills every
 * key that the file leaves out with its default. The YAML key names are the user-facing contract.
 *
 * @param file the file this came from, or null for built-in defaults
 */
public record Config(
        List<HostPort> listen,
        List<HostPort> upstreams,
        Upstream upstream,
        List<ListSource> lists,
        List<String> allow,
        Blocking blocking,
        Clients clients,
        Cache cache,
        Server server,
        Admin admin,
        Telemetry telemetry,
        Log log,
        Path file) {

    /** {@code upstream:} how forwarded queries behave. */
    public record Upstream(Duration timeout, int attempts) {}

    public enum ListAction { BLOCK, LOG }

    public enum ListFormat { HOSTS, DOMAINS, ADBLOCK, RPZ, CIDR, DNSMASQ, CATALOGUE }

    /**
     * One {@code lists:} entry.
     *
     * @param source    {@code builtin:ID}, a file path, or an {@code https://} URL
     * @param id        the list id used in hits and reports; derived from the source when left out
     * @param action    null means the list's own default (catalogue lists) or block
     * @param format    null means detect
     * @param refresh   how often URL lists are fetched again
     * @param publicKey optional Ed25519 public key (base64) that a downloaded list's signature must verify against
     */
    public record ListSource(String source, String id, ListAction action, ListFormat format, Duration refresh, String publicKey) {}

    public enum BlockMode { NXDOMAIN, NODATA, NULL, IP, REFUSED }

    /** {@code blocking:} how a blocked query is answered. */
    public record Blocking(BlockMode mode, InetAddress sinkholeIPv4, InetAddress sinkholeIPv6, long ttl, boolean inspectAnswers) {}

    /** {@code clients.rateLimit:} a token bucket per client /24 (IPv4) or /56 (IPv6). */
    public record RateLimit(boolean enabled, long qps, long burst) {}

    /** {@code clients:} who may ask. Empty {@code allow} means the private and local ranges. */
    public record Clients(List<Cidr> allow, List<Cidr> deny, RateLimit rateLimit) {}

    /** {@code cache:} the wire-format answer cache. */
    public record Cache(long maxEntries, long minTtl, long maxTtl, long negativeMaxTtl, boolean serveStale,
                        long staleTtl, Duration staleMaxAge) {}

    /**
     * {@code server:} listener limits.
     *
     * @param udpReaders receiving threads per UDP listen address, each on its own {@code SO_REUSEPORT} socket
     *                   where the platform has it (default {@link #defaultUdpReaders()})
     */
    public record Server(Duration tcpIdleTimeout, int tcpMaxConnections, int ednsPayload, int udpReaders) {
        /** The most receiving threads per address. */
        public static final int MAX_UDP_READERS = 64;

        /** With the default number of UDP receiving threads. */
        public Server(Duration tcpIdleTimeout, int tcpMaxConnections, int ednsPayload) {
            this(tcpIdleTimeout, tcpMaxConnections, ednsPayload, defaultUdpReaders());
        }

        /** One receiving thread per core, at most 4: beyond that the answer path, not the socket, is the limit. */
        public static int defaultUdpReaders() {
            return Math.min(4, Runtime.getRuntime().availableProcessors());
        }
    }

    /** {@code admin:} the local status page, JSON API and metrics. */
    public record Admin(boolean enabled, HostPort listen) {}

    public enum InstallationKind { HOME, BUSINESS, ISP }

    /** {@code telemetry:} anonymized hit reports; off unless enabled. */
    public record Telemetry(boolean enabled, URI endpoint, String region, InstallationKind kind, Duration interval,
                            Path dataDir, long spoolMaxBytes, Duration timeout) {}

    /** {@code log:} the optional query log. */
    public record Log(boolean queries) {}
}

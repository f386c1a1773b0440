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
        Discovery discovery,
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
    /**
     * One entry of {@code lists:}.
     *
     * @param maxBytes a URL list's download limit: a longer body is refused and the last good copy stays
     * @param timeout  a URL list's total download deadline, connection to last byte (a feed that trickles ends too)
     */
    public record ListSource(String source, String id, ListAction action, ListFormat format, Duration refresh,
                             String publicKey, long maxBytes, Duration timeout) {
        public static final long DEFAULT_MAX_BYTES = 64L << 20;
        public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

        /** A list with the default download limits. */
        public ListSource(String source, String id, ListAction action, ListFormat format, Duration refresh, String publicKey) {
            this(source, id, action, format, refresh, publicKey, DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT);
        }
    }

    public enum BlockMode { NXDOMAIN, NODATA, NULL, IP, REFUSED }

    /** {@code blocking:} how a blocked query is answered. */
    public record Blocking(BlockMode mode, InetAddress sinkholeIPv4, InetAddress sinkholeIPv6, long ttl, boolean inspectAnswers) {}

    /**
     * {@code clients.rateLimit:} a token bucket per client address, cut to {@code ipv4Prefix} / {@code ipv6Prefix}
     * bits, and an optional {@link Aggregate} per network. Clients in {@code exempt} are never limited.
     *
     * @param tableSize buckets kept per level; memory is fixed, a new client recycles the least recently used one
     */
    public record RateLimit(boolean enabled, long qps, long burst, int ipv4Prefix, int ipv6Prefix, List<Cidr> exempt,
                            Aggregate aggregate, int tableSize) {
        /** The loopback ranges: the contract says a loopback client is never rate limited by default. */
        public static final List<Cidr> LOOPBACK = List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128"));
        public static final int DEFAULT_TABLE_SIZE = 8_192;

        public RateLimit {
            exempt = List.copyOf(exempt);
        }

        /** Per-address buckets of {@code qps} and {@code burst} with the other defaults. */
        public RateLimit(boolean enabled, long qps, long burst) {
            this(enabled, qps, burst, 32, 64, LOOPBACK, Aggregate.OFF, DEFAULT_TABLE_SIZE);
        }
    }

    /** {@code clients.rateLimit.aggregate:} one bucket per network shared by its clients; {@code qps} 0 is off. */
    public record Aggregate(long qps, long burst, int ipv4Prefix, int ipv6Prefix) {
        public static final Aggregate OFF = new Aggregate(0, 0, 24, 56);

        public boolean enabled() {
            return qps > 0;
        }
    }

    /**
     * {@code clients.rrl:} response rate limiting over UDP. Identical answers (same name, type and kind of answer)
     * to one network beyond {@code responsesPerSecond} are dropped, except every {@code slip}-th, which is sent
     * empty with TC set so a real client retries over TCP ({@code slip} 0: drop them all).
     */
    public record Rrl(boolean enabled, long responsesPerSecond, int slip, int ipv4Prefix, int ipv6Prefix,
                      int tableSize) {
        public static final Rrl OFF = new Rrl(false, 200, 2, 24, 56, RateLimit.DEFAULT_TABLE_SIZE);
    }

    /** {@code clients:} who may ask. Empty {@code allow} means the private and local ranges. */
    public record Clients(List<Cidr> allow, List<Cidr> deny, RateLimit rateLimit, Rrl rrl) {
        public Clients(List<Cidr> allow, List<Cidr> deny, RateLimit rateLimit) {
            this(allow, deny, rateLimit, Rrl.OFF);
        }
    }

    /**
     * {@code cache:} the wire-format answer cache.
     *
     * @param maxBytes the heap the cache and the server's hot-answer table may hold together (default
     *                 {@link #DEFAULT_MAX_BYTES}); the hot-answer table takes at most {@link #hotAnswersMaxBytes()}
     */
    public record Cache(long maxEntries, long minTtl, long maxTtl, long negativeMaxTtl, boolean serveStale,
                        long staleTtl, Duration staleMaxAge, long maxBytes) {
        /** 64 MiB: a quarter of the launcher's 256 MiB heap, so a Raspberry Pi keeps room for lists and queries. */
        public static final long DEFAULT_MAX_BYTES = 64L << 20;

        /** With the default byte budget. */
        public Cache(long maxEntries, long minTtl, long maxTtl, long negativeMaxTtl, boolean serveStale,
                     long staleTtl, Duration staleMaxAge) {
            this(maxEntries, minTtl, maxTtl, negativeMaxTtl, serveStale, staleTtl, staleMaxAge, DEFAULT_MAX_BYTES);
        }

        /** The hot-answer table's share of {@link #maxBytes}: a quarter. */
        public long hotAnswersMaxBytes() {
            return maxBytes / 4;
        }

        /** What the answer cache itself may hold: the rest. */
        public long answersMaxBytes() {
            return maxBytes - hotAnswersMaxBytes();
        }
    }

    /**
     * {@code server:} listener limits.
     *
     * @param udpReaders receiving threads per UDP listen address, each on its own {@code SO_REUSEPORT} socket
     *                   where the platform has it (default {@link #defaultUdpReaders()})
     * @param tcpMaxConnectionsPerClient open TCP connections one client (an IPv4 address, an IPv6 /64) may hold
     * @param tcpMaxLifetime             every TCP connection is closed after this, busy or not
     * @param tcpConnectionBytes         bytes of queries read on one TCP connection and not yet answered
     * @param inFlightMaxBytes           the bytes of all UDP and TCP queries being answered at once; beyond it
     *                                   queries are shed (default {@link #DEFAULT_IN_FLIGHT_MAX_BYTES})
     */
    public record Server(Duration tcpIdleTimeout, int tcpMaxConnections, int ednsPayload, int udpReaders,
                         int tcpMaxConnectionsPerClient, Duration tcpMaxLifetime, int tcpConnectionBytes,
                         long inFlightMaxBytes) {
        /** The most receiving threads per address. */
        public static final int MAX_UDP_READERS = 64;
        public static final int DEFAULT_TCP_PER_CLIENT = 32;
        public static final Duration DEFAULT_TCP_LIFETIME = Duration.ofMinutes(2);
        public static final int DEFAULT_TCP_CONNECTION_BYTES = 128 * 1024;
        /** 16 MiB: about 8,000 ordinary queries in flight, or 250 of the largest TCP messages. */
        public static final long DEFAULT_IN_FLIGHT_MAX_BYTES = 16L << 20;

        /** With the default number of UDP receiving threads, TCP limits per client and in-flight budget. */
        public Server(Duration tcpIdleTimeout, int tcpMaxConnections, int ednsPayload) {
            this(tcpIdleTimeout, tcpMaxConnections, ednsPayload, defaultUdpReaders(), DEFAULT_IN_FLIGHT_MAX_BYTES);
        }

        /** With the default TCP limits per client. */
        public Server(Duration tcpIdleTimeout, int tcpMaxConnections, int ednsPayload, int udpReaders,
                      long inFlightMaxBytes) {
            this(tcpIdleTimeout, tcpMaxConnections, ednsPayload, udpReaders, DEFAULT_TCP_PER_CLIENT,
                    DEFAULT_TCP_LIFETIME, DEFAULT_TCP_CONNECTION_BYTES, inFlightMaxBytes);
        }

        /** One receiving thread per core, at most 4: beyond that the answer path, not the socket, is the limit. */
        public static int defaultUdpReaders() {
            return Math.min(4, Runtime.getRuntime().availableProcessors());
        }
    }

    /** {@code admin:} the local status page, JSON API and metrics. */
    public record Admin(boolean enabled, HostPort listen) {}

    public enum InstallationKind { HOME, BUSINESS, ISP }

    /**
     * {@code telemetry:} anonymized hit reports; off unless enabled.
     *
     * @param shareCandidates also report rebrand candidates, as registrable domains only (a separate opt-in, off
     *                        by default)
     */
    public record Telemetry(boolean enabled, URI endpoint, String region, InstallationKind kind, Duration interval,
                            Path dataDir, long spoolMaxBytes, Duration timeout, boolean shareCandidates) {
        /** Without candidate sharing. */
        public Telemetry(boolean enabled, URI endpoint, String region, InstallationKind kind, Duration interval,
                         Path dataDir, long spoolMaxBytes, Duration timeout) {
            this(enabled, endpoint, region, kind, interval, dataDir, spoolMaxBytes, timeout, false);
        }
    }

    /**
     * {@code discovery:} rebrand candidates, found only for cameras.
     *
     * @param enabled       whether the resolver looks for candidates at all
     * @param cameras       addresses the owner marks as cameras, besides the devices that asked for a camera-vendor
     *                      list entry
     * @param maxCandidates rows (candidate domain and device) kept in memory
     */
    public record Discovery(boolean enabled, List<Cidr> cameras, int maxCandidates) {
        public static final int DEFAULT_MAX_CANDIDATES = 1000;

        public static Discovery defaults() {
            return new Discovery(true, List.of(), DEFAULT_MAX_CANDIDATES);
        }
    }

    /** {@code log:} the optional query log. */
    public record Log(boolean queries) {}
}

package org.camsink.resolver.config;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.camsink.resolver.config.Config.Admin;
import org.camsink.resolver.config.Config.Aggregate;
import org.camsink.resolver.config.Config.BlockMode;
import org.camsink.resolver.config.Config.Blocking;
import org.camsink.resolver.config.Config.Cache;
import org.camsink.resolver.config.Config.Clients;
import org.camsink.resolver.config.Config.Discovery;
import org.camsink.resolver.config.Config.InstallationKind;
import org.camsink.resolver.config.Config.ListAction;
import org.camsink.resolver.config.Config.ListFormat;
import org.camsink.resolver.config.Config.ListSource;
import org.camsink.resolver.config.Config.Log;
import org.camsink.resolver.config.Config.RateLimit;
import org.camsink.resolver.config.Config.Rrl;
import org.camsink.resolver.config.Config.Server;
import org.camsink.resolver.config.Config.Telemetry;
import org.camsink.resolver.config.Config.Upstream;
import org.camsink.resolver.net.Cidr;
import org.camsink.resolver.net.HostPort;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/** Reads the YAML configuration strictly: defaults for every key, and an error naming key and line for anything else. */
public final class ConfigLoader {
    public static final int DEFAULT_DNS_PORT = 1053;
    static final Pattern REGION = Pattern.compile("[A-Z]{2}(-[A-Z0-9]{1,3})?");
    private static final Pattern LIST_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final long MAX_YAML_BYTES = 1 << 20;

    private ConfigLoader() {}

    /** The configuration used when no file is given. */
    public static Config defaults() {
        try {
            return parse("{}", null);
        } catch (ConfigException e) {
            throw new IllegalStateException("built-in defaults are invalid", e);
        }
    }

    public static Config load(Path file) throws ConfigException {
        String name = file.toString();
        String text;
        try {
            if (Files.size(file) > MAX_YAML_BYTES) {
                throw new ConfigException(name, 0, "", "file is larger than 1 MiB");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(name, 0, "", "cannot read: " + e.getMessage());
        }
        return parse(text, file);
    }

    public static Config parse(String text, Path file) throws ConfigException {
        String name = file == null ? "<defaults>" : file.toString();
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            options.setNestingDepthLimit(20);
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new ConfigException(name, line, "", "not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new ConfigException(name, 0, "", "not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            text = "{}";
            root = new Yaml().compose(new StringReader(text));
        }
        YamlMap m = new YamlMap(name, "", root);
        Path base = file == null ? Path.of(".") : file.toAbsolutePath().getParent();

        List<HostPort> listen = m.list("listen", List.of(HostPort.parse("127.0.0.1:" + DEFAULT_DNS_PORT, DEFAULT_DNS_PORT)),
                raw -> HostPort.parse(raw, 53), "an IP address and port such as 127.0.0.1:1053 or [::1]:53");
        if (listen.isEmpty()) {
            throw m.errorAt("listen", "needs at least one address");
        }
        List<HostPort> upstreams = m.list("upstreams",
                List.of(HostPort.parse("9.9.9.9:53", 53), HostPort.parse("149.112.112.112:53", 53)),
                raw -> HostPort.parse(raw, 53).requirePort(), "an IP address and port such as 9.9.9.9:53 or [2620:fe::fe]:53");
        if (upstreams.isEmpty()) {
            throw m.errorAt("upstreams", "needs at least one upstream");
        }
        Upstream upstream = upstream(m.map("upstream"));
        List<ListSource> lists = lists(m, base);
        List<String> allow = m.list("allow", List.of(), ConfigLoader::domain, "a domain name such as example.org");
        Blocking blocking = blocking(m.map("blocking"));
        Clients clients = clients(m.map("clients"));
        Cache cache = cache(m.map("cache"));
        Server server = server(m.map("server"));
        Admin admin = admin(m.map("admin"));
        Telemetry telemetry = telemetry(m.map("telemetry"), base);
        Discovery discovery = discovery(m.map("discovery"));
        YamlMap logMap = m.map("log");
        Log log = new Log(logMap.bool("queries", false));
        logMap.finish();
        m.finish();
        return new Config(listen, upstreams, upstream, lists, allow, blocking, clients, cache, server, admin, telemetry, discovery, log, file);
    }

    private static Upstream upstream(YamlMap m) throws ConfigException {
        Upstream u = new Upstream(
                m.duration("timeout", Duration.ofSeconds(2), Duration.ofMillis(50), Duration.ofSeconds(30)),
                (int) m.integer("attempts", 2, 1, 5));
        m.finish();
        return u;
    }

    private static List<ListSource> lists(YamlMap m, Path base) throws ConfigException {
        List<YamlMap> items = m.maps("lists");
        if (items == null) {
            // Every bundled list, each with its own default action (block for the confirmed vendor clouds, log
            // for the platforms that are only watched).
            List<ListSource> bundled = new ArrayList<>();
            for (String id : org.camsink.blocklists.catalogue.Catalogue.BUILTIN_IDS) {
                bundled.add(new ListSource("builtin:" + id, id, null, ListFormat.CATALOGUE, Duration.ofHours(24), null));
            }
            // The country ranges log by default: an answer in that address space is recorded with the device.
            for (String id : org.camsink.blocklists.country.CountryLists.IDS) {
                bundled.add(new ListSource("builtin:" + id, id, null, ListFormat.CIDR, Duration.ofHours(24), null));
            }
            return List.copyOf(bundled);
        }
        List<ListSource> out = new ArrayList<>();
        for (YamlMap item : items) {
            String source = item.string("source", null);
            if (source == null || source.isEmpty()) {
                throw item.error(item.child("source"), null, "is required");
            }
            String resolved = source;
            if (source.startsWith("builtin:")) {
                if (!LIST_ID.matcher(source.substring(8)).matches()) {
                    throw item.errorAt("source", "builtin lists are named builtin:<id>, got '" + source + "'");
                }
            } else if (source.startsWith("http://") || source.startsWith("https://")) {
                if (endpoint(source) == null) {
                    throw item.errorAt("source", source.startsWith("https://") ? "is not a valid URL"
                            : "list URLs must use https:// (http:// only on a loopback address, such as a local mirror)");
                }
            } else {
                resolved = base.resolve(source).normalize().toString();
            }
            String id = item.value("id", null, raw -> LIST_ID.matcher(raw).matches() ? raw : null,
                    "a list id of lower-case letters, digits and '-'");
            if (id == null) {
                id = deriveId(source);
            }
            ListAction action = item.enumeration("action", null, ListAction.class);
            ListFormat format = item.enumeration("format", null, ListFormat.class);
            Duration refresh = item.duration("refresh", Duration.ofHours(24), Duration.ofMinutes(1), Duration.ofDays(30));
            String key = item.value("publicKey", null, raw -> raw.matches("[A-Za-z0-9+/=_-]{40,200}") ? raw : null,
                    "a base64 Ed25519 public key");
            long maxBytes = item.integer("maxBytes", ListSource.DEFAULT_MAX_BYTES, 1L << 10, 1L << 30);
            Duration timeout = item.duration("timeout", ListSource.DEFAULT_TIMEOUT, Duration.ofSeconds(1), Duration.ofHours(1));
            item.finish();
            for (ListSource earlier : out) {
                if (earlier.id().equals(id)) {
                    throw item.error(item.child("id"), null, "list id '" + id + "' is used twice; give one of them an id:");
                }
            }
            out.add(new ListSource(resolved, id, action, format, refresh, key, maxBytes, timeout));
        }
        return List.copyOf(out);
    }

    /** builtin:trassir becomes trassir; /etc/camsink/extra.rpz becomes extra. */
    static String deriveId(String source) {
        String s = source.startsWith("builtin:") ? source.substring(8) : source;
        int slash = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
        s = s.substring(slash + 1);
        int dot = s.indexOf('.');
        if (dot > 0) {
            s = s.substring(0, dot);
        }
        s = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+", "");
        if (s.isEmpty()) {
            s = "list";
        }
        return s.length() > 63 ? s.substring(0, 63) : s;
    }

    private static Blocking blocking(YamlMap m) throws ConfigException {
        BlockMode mode = m.enumeration("mode", BlockMode.NXDOMAIN, BlockMode.class);
        InetAddress v4 = m.value("sinkholeIPv4", null, raw -> address(raw, Inet4Address.class), "an IPv4 address");
        InetAddress v6 = m.value("sinkholeIPv6", null, raw -> address(raw, Inet6Address.class), "an IPv6 address");
        long ttl = m.integer("ttl", 60, 0, 86400);
        boolean inspect = m.bool("inspectAnswers", true);
        if (mode == BlockMode.IP && v4 == null && v6 == null) {
            throw m.errorAt("mode", "mode ip needs blocking.sinkholeIPv4 and/or blocking.sinkholeIPv6");
        }
        m.finish();
        return new Blocking(mode, v4, v6, ttl, inspect);
    }

    private static Clients clients(YamlMap m) throws ConfigException {
        List<Cidr> allow = m.list("allow", List.of(), Cidr::parse, "a CIDR such as 192.168.0.0/16");
        List<Cidr> deny = m.list("deny", List.of(), Cidr::parse, "a CIDR such as 192.168.0.0/16");
        RateLimit limit = rateLimit(m.map("rateLimit"));
        Rrl rrl = rrl(m.map("rrl"));
        m.finish();
        return new Clients(allow, deny, limit, rrl);
    }

    private static RateLimit rateLimit(YamlMap r) throws ConfigException {
        boolean enabled = r.bool("enabled", true);
        long qps = r.integer("qps", 2000, 1, 10_000_000);
        long burst = r.integer("burst", 4000, 1, 100_000_000);
        int v4 = (int) r.integer("ipv4Prefix", 32, 8, 32);
        int v6 = (int) r.integer("ipv6Prefix", 64, 16, 128);
        List<Cidr> exempt = r.list("exempt", RateLimit.LOOPBACK, Cidr::parse, "a CIDR such as 127.0.0.0/8");
        int tableSize = (int) r.integer("tableSize", RateLimit.DEFAULT_TABLE_SIZE, 1024, 16_777_216);
        YamlMap a = r.map("aggregate");
        long aggQps = a.integer("qps", Math.max(20_000, qps * 10), 0, 100_000_000);
        long aggBurst = a.integer("burst", Math.max(1, aggQps * 2), 1, 1_000_000_000);
        int aggV4 = (int) a.integer("ipv4Prefix", Math.min(24, v4), 8, 32);
        int aggV6 = (int) a.integer("ipv6Prefix", Math.min(56, v6), 16, 128);
        if (aggQps > 0 && aggQps < qps) {
            throw a.errorAt("qps", "must be 0 (off) or at least clients.rateLimit.qps (" + qps + "): it is the "
                    + "limit of a whole network");
        }
        if (aggV4 > v4) {
            throw a.errorAt("ipv4Prefix", "must not be longer than clients.rateLimit.ipv4Prefix (" + v4 + ")");
        }
        if (aggV6 > v6) {
            throw a.errorAt("ipv6Prefix", "must not be longer than clients.rateLimit.ipv6Prefix (" + v6 + ")");
        }
        a.finish();
        r.finish();
        return new RateLimit(enabled, qps, burst, v4, v6, exempt, new Aggregate(aggQps, aggBurst, aggV4, aggV6),
                tableSize);
    }

    /** Defaults from NSD's RRL (200 answers per second, slip 2, /24), with /56 for IPv6 as for one household. */
    private static Rrl rrl(YamlMap m) throws ConfigException {
        Rrl r = new Rrl(m.bool("enabled", true),
                m.integer("responsesPerSecond", 200, 1, 10_000_000),
                (int) m.integer("slip", 2, 0, 10),
                (int) m.integer("ipv4Prefix", 24, 8, 32),
                (int) m.integer("ipv6Prefix", 56, 16, 128),
                (int) m.integer("tableSize", RateLimit.DEFAULT_TABLE_SIZE, 1024, 16_777_216));
        m.finish();
        return r;
    }

    private static Cache cache(YamlMap m) throws ConfigException {
        long maxEntries = m.integer("maxEntries", 100_000, 0, 100_000_000);
        long minTtl = m.integer("minTtl", 0, 0, 86400);
        long maxTtl = m.integer("maxTtl", 86400, 0, 7 * 86400);
        if (minTtl > maxTtl) {
            throw m.errorAt("minTtl", "must not be larger than cache.maxTtl (" + maxTtl + ")");
        }
        long negMax = m.integer("negativeMaxTtl", 3600, 0, 86400);
        boolean serveStale = m.bool("serveStale", true);
        long staleTtl = m.integer("staleTtl", 30, 1, 3600);
        Duration staleMaxAge = m.duration("staleMaxAge", Duration.ofDays(1), Duration.ofSeconds(1), Duration.ofDays(7));
        long maxBytes = m.integer("maxBytes", Cache.DEFAULT_MAX_BYTES, 1L << 20, 1L << 40);
        m.finish();
        return new Cache(maxEntries, minTtl, maxTtl, negMax, serveStale, staleTtl, staleMaxAge, maxBytes);
    }

    private static Server server(YamlMap m) throws ConfigException {
        Duration idle = m.duration("tcpIdleTimeout", Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMinutes(10));
        int max = (int) m.integer("tcpMaxConnections", 512, 1, 100_000);
        int perClient = (int) m.integer("tcpMaxConnectionsPerClient", Math.min(Server.DEFAULT_TCP_PER_CLIENT, max), 1,
                100_000);
        if (perClient > max) {
            throw m.errorAt("tcpMaxConnectionsPerClient", "must not be larger than server.tcpMaxConnections (" + max + ")");
        }
        Server s = new Server(idle, max,
                (int) m.integer("ednsPayload", 1232, 512, 4096),
                (int) m.integer("udpReaders", Server.defaultUdpReaders(), 1, Server.MAX_UDP_READERS),
                perClient,
                m.duration("tcpMaxLifetime", Server.DEFAULT_TCP_LIFETIME, Duration.ofSeconds(1), Duration.ofHours(24)),
                (int) m.integer("tcpConnectionBytes", Server.DEFAULT_TCP_CONNECTION_BYTES, 512, 16 << 20),
                m.integer("inFlightMaxBytes", Server.DEFAULT_IN_FLIGHT_MAX_BYTES, 1L << 20, 1L << 40));
        m.finish();
        return s;
    }

    private static Admin admin(YamlMap m) throws ConfigException {
        Admin a = new Admin(m.bool("enabled", true),
                m.value("listen", HostPort.parse("127.0.0.1:8053", 8053), raw -> HostPort.parse(raw, 8053),
                        "an IP address and port such as 127.0.0.1:8053"));
        m.finish();
        return a;
    }

    private static Telemetry telemetry(YamlMap m, Path base) throws ConfigException {
        boolean enabled = m.bool("enabled", false);
        URI endpoint = m.value("endpoint", null, ConfigLoader::endpoint,
                "an https:// URL (http:// only on a loopback address)");
        String region = m.value("region", null, raw -> REGION.matcher(raw).matches() ? raw : null,
                "an ISO 3166-2 code such as UA-30, or a country code such as UA");
        InstallationKind kind = m.enumeration("kind", InstallationKind.HOME, InstallationKind.class);
        Duration interval = m.duration("interval", Duration.ofHours(1), Duration.ofSeconds(5), Duration.ofDays(1));
        Path dataDir = m.value("dataDir", defaultDataDir(), raw -> base.resolve(raw).normalize(), "a folder path");
        long spoolMax = m.integer("spoolMaxBytes", 64L << 20, 64L << 10, 8L << 30);
        Duration timeout = m.duration("timeout", Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofMinutes(5));
        boolean shareCandidates = m.bool("shareCandidates", false);
        if (enabled && endpoint == null) {
            throw m.errorAt("enabled", "telemetry.enabled needs telemetry.endpoint");
        }
        if (enabled && region == null) {
            throw m.errorAt("enabled", "telemetry.enabled needs telemetry.region (ISO 3166-2, such as UA-30)");
        }
        m.finish();
        return new Telemetry(enabled, endpoint, region, kind, interval, dataDir, spoolMax, timeout, shareCandidates);
    }

    private static Discovery discovery(YamlMap m) throws ConfigException {
        Discovery d = new Discovery(m.bool("enabled", true),
                m.list("cameras", List.of(), Cidr::parse, "a CIDR or address such as 192.168.1.20/32"),
                (int) m.integer("maxCandidates", Discovery.DEFAULT_MAX_CANDIDATES, 1, 100_000));
        m.finish();
        return d;
    }

    static Path defaultDataDir() {
        String xdg = System.getenv("XDG_STATE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "camsink");
        }
        return Path.of(System.getProperty("user.home"), ".local", "state", "camsink");
    }

    static URI endpoint(String raw) {
        URI uri;
        try {
            uri = URI.create(raw);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (uri.getHost() == null) {
            return null;
        }
        if ("https".equalsIgnoreCase(uri.getScheme())) {
            return uri;
        }
        if ("http".equalsIgnoreCase(uri.getScheme()) && isLoopback(uri.getHost())) {
            return uri;
        }
        return null;
    }

    private static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByAddress(Cidr.literal(host)).isLoopbackAddress();
        } catch (IllegalArgumentException | UnknownHostException e) {
            return false;
        }
    }

    private static InetAddress address(String raw, Class<? extends InetAddress> family) {
        try {
            InetAddress a = InetAddress.getByAddress(Cidr.literal(raw));
            return family.isInstance(a) ? a : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** A lower-cased domain name without the trailing dot; null when it is not a valid name. */
    public static String domain(String raw) {
        String d = raw.trim().toLowerCase(Locale.ROOT);
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        if (d.isEmpty() || d.length() > 253) {
            return null;
        }
        for (String label : d.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || !label.matches("[a-z0-9_*]([a-z0-9_-]*[a-z0-9_])?")) {
                return null;
            }
        }
        return d;
    }
}

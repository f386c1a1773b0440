package org.camsink.resolver.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each bad file is rejected with a message that names the file, the line and the key, for the keys the engine owns. */
class BadConfigTest {
    @TempDir
    Path dir;

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                Arguments.of("listen: [\"127.0.0.1:99999\"]\n", 1, "listen[0]", "port"),
                Arguments.of("listen: []\n", 1, "listen", "at least one"),
                Arguments.of("listen:\n  - \"localhost:53\"\n", 2, "listen[0]", "IP address"),
                Arguments.of("upstreams: []\n", 1, "upstreams", "at least one"),
                Arguments.of("upstreams:\n  - 9.9.9.9:53\n  - dns.google\n", 3, "upstreams[1]", "IP address"),
                Arguments.of("upstreams: [\"127.0.0.1:0\"]\n", 1, "upstreams[0]", "1-65535"),
                Arguments.of("upstream:\n  timeout: 10ms\n", 2, "upstream.timeout", "50ms"),
                Arguments.of("upstream:\n  attempts: 9\n", 2, "upstream.attempts", "1 to 5"),
                Arguments.of("clients:\n  allow: [\"10.0.0.0/33\"]\n", 2, "clients.allow[0]", "CIDR"),
                Arguments.of("clients:\n  deny: \"fd00::/200\"\n", 2, "clients.deny[0]", "CIDR"),
                Arguments.of("clients:\n  rateLimit:\n    qps: 0\n", 3, "clients.rateLimit.qps", "whole number"),
                Arguments.of("clients:\n  rateLimit:\n    burst: lots\n", 3, "clients.rateLimit.burst", "whole number"),
                Arguments.of("clients:\n  rateLimit:\n    ipv4Prefix: 33\n", 3, "clients.rateLimit.ipv4Prefix", "whole number"),
                Arguments.of("clients:\n  rateLimit:\n    exempt: [\"127.0.0.0/33\"]\n", 3, "clients.rateLimit.exempt[0]", "CIDR"),
                Arguments.of("clients:\n  rateLimit:\n    aggregate: { qps: 10 }\n", 3, "clients.rateLimit.aggregate.qps",
                        "at least clients.rateLimit.qps"),
                Arguments.of("clients:\n  rateLimit:\n    ipv4Prefix: 24\n    aggregate:\n      ipv4Prefix: 28\n", 5,
                        "clients.rateLimit.aggregate.ipv4Prefix", "not be longer"),
                Arguments.of("clients:\n  rrl:\n    slip: -1\n", 3, "clients.rrl.slip", "whole number"),
                Arguments.of("clients:\n  rrl:\n    speed: 3\n", 3, "clients.rrl.speed", "unknown"),
                Arguments.of("clients:\n  ratelimit: {}\n", 2, "clients.ratelimit", "unknown key"),
                Arguments.of("cache:\n  minTtl: 600\n  maxTtl: 60\n", 2, "cache.minTtl", "maxTtl"),
                Arguments.of("cache:\n  serveStale: maybe\n", 2, "cache.serveStale", "true or false"),
                Arguments.of("cache:\n  maxEntrys: 10\n", 2, "cache.maxEntrys", "unknown key"),
                Arguments.of("cache:\n  maxBytes: 1000\n", 2, "cache.maxBytes", "whole number"),
                Arguments.of("server:\n  inFlightMaxBytes: lots\n", 2, "server.inFlightMaxBytes", "whole number"),
                Arguments.of("cache:\n  staleMaxAge: 30d\n", 2, "cache.staleMaxAge", "7d"),
                Arguments.of("cache:\n  negativeMaxTtl: -1\n", 2, "cache.negativeMaxTtl", "whole number"),
                Arguments.of("server:\n  ednsPayload: 100\n", 2, "server.ednsPayload", "512"),
                Arguments.of("server:\n  tcpIdleTimeout: forever\n", 2, "server.tcpIdleTimeout", "duration"),
                Arguments.of("server:\n  tcpMaxConnections: 0\n", 2, "server.tcpMaxConnections", "whole number"),
                Arguments.of("server:\n  tcpMaxConnections: 10\n  tcpMaxConnectionsPerClient: 11\n", 3,
                        "server.tcpMaxConnectionsPerClient", "not be larger"),
                Arguments.of("server:\n  tcpMaxLifetime: 10ms\n", 2, "server.tcpMaxLifetime", "1s"),
                Arguments.of("server:\n  tcpConnectionBytes: 100\n", 2, "server.tcpConnectionBytes", "whole number"),
                Arguments.of("server:\n  ednsPayload: 1232\n  udpReaders: 0\n", 3, "server.udpReaders", "1 to 64"),
                Arguments.of("server:\n  udpReaders: many\n", 2, "server.udpReaders", "whole number"),
                Arguments.of("lists:\n  - source: http://lists.example.org/v.txt\n", 2, "lists[0].source", "https://"),
                Arguments.of("lists:\n  - source: \"https://bad host/v.txt\"\n", 2, "lists[0].source", "not a valid URL"),
                Arguments.of("log:\n  queries: loud\n", 2, "log.queries", "true or false"),
                Arguments.of("discovery:\n  cameras: [\"192.168.1\"]\n", 2, "discovery.cameras[0]", "CIDR or address"),
                Arguments.of("discovery:\n  maxCandidates: 0\n", 2, "discovery.maxCandidates", "whole number"),
                Arguments.of("discovery:\n  enabled: sometimes\n", 2, "discovery.enabled", "true or false"),
                Arguments.of("discovery:\n  camera: []\n", 2, "discovery.camera", "unknown key"),
                Arguments.of("log: verbose\n", 1, "log", "mapping"),
                Arguments.of("admin:\n  listen: \"localhost:8053\"\n", 2, "admin.listen", "IP address"),
                Arguments.of("listen: [\"127.0.0.1:1053\"]\nlisten: [\"127.0.0.1:1054\"]\n", 2, "listen", "twice"));
    }

    @ParameterizedTest(name = "{2} at line {1}")
    @MethodSource("badConfigs")
    void isRejectedNamingTheKeyAndTheLine(String yaml, int line, String key, String problem) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, yaml);
        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.key()).isEqualTo(key);
                    assertThat(e.getMessage()).startsWith(file + ":" + line + ": ")
                            .containsIgnoringCase(problem);
                    if (!key.isEmpty()) {
                        assertThat(e.getMessage()).contains(key + ": ");
                    }
                });
    }

    @Test
    void theEngineKeysAllHaveWorkingDefaults() {
        Config c = ConfigLoader.defaults();
        assertThat(c.listen()).hasToString("[127.0.0.1:1053]");
        assertThat(c.server().ednsPayload()).isEqualTo(1232);
        assertThat(c.cache().staleTtl()).isEqualTo(30);
        assertThat(c.cache().maxBytes()).isEqualTo(64L << 20);
        assertThat(c.server().inFlightMaxBytes()).isEqualTo(16L << 20);
        assertThat(c.clients().rateLimit().qps()).isGreaterThanOrEqualTo(1000);
        assertThat(c.log().queries()).isFalse();
    }
}

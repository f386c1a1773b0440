package org.camsink.resolver.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.camsink.blocklists.sign.ListSignature;
import org.camsink.blocklists.sign.SignedVersion;
import java.time.LocalDate;
import org.camsink.resolver.config.Config.ListAction;
import org.camsink.resolver.config.Config.ListFormat;
import org.camsink.resolver.config.Config.ListSource;
import org.camsink.resolver.status.ListStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/** Loading lists from the catalogue, files and a real HTTP server on 127.0.0.1, with Ed25519 signatures. */
class ListManagerTest {
    @TempDir
    Path dir;
    HttpServer server;
    final Map<String, byte[]> served = new ConcurrentHashMap<>();
    KeyPair keys;

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = served.get(exchange.getRequestURI().getPath());
            if (body == null) {
                exchange.sendResponseHeaders(500, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        keys = ListSignature.generate();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void serveSigned(String path, String text) throws Exception {
        serveSigned(path, text, 1);
    }

    /** Serves {@code text} and its signature as {@code version}, as {@code camsink lists sign} writes it. */
    void serveSigned(String path, String text, long version) throws Exception {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        served.put(path, data);
        served.put(path + ".sig", signature(data, version));
    }

    byte[] signature(byte[] data, long version) throws Exception {
        return new SignedVersion(version, LocalDate.parse("2026-12-01").plusDays(version),
                SignedVersion.digest().digest(data)).sign(keys.getPrivate());
    }

    ListManager manager() {
        return new ListManager(dir.resolve("cache"), HttpClient.newHttpClient(), Duration.ofHours(1), Clock.systemUTC());
    }

    static boolean blocks(ListManager m, String name) {
        Name n = Name.fromConstantString(name);
        return m.snapshot().match(n, n.toWire(), org.camsink.resolver.events.MatchKind.QNAME) != null;
    }

    ListSource urlSource(String path, String key) {
        return new ListSource(url(path), "remote", null, null, Duration.ofHours(1), key);
    }

    @Test
    void signedUrlListIsFetchedVerifiedCachedAndKeptWhenTheServerFails() throws Exception {
        serveSigned("/list.txt", "cloud.vendor.test\n");
        String key = ListSignature.encode(keys.getPublic());
        try (ListManager m = manager()) {
            m.configure(List.of(urlSource("/list.txt", key)), List.of());
            assertThat(m.status().getFirst().error()).contains("not downloaded yet");
            m.reloadAll();
            assertThat(blocks(m, "a.cloud.vendor.test.")).isTrue();
            ListStatus ok = m.status().getFirst();
            assertThat(ok.error()).isNull();
            assertThat(ok.domains()).isEqualTo(1);
            assertThat(ok.loadedAt()).isNotNull();
            assertThat(Files.readString(dir.resolve("cache/remote.list"))).isEqualTo("cloud.vendor.test\n");

            // The server now serves a changed file with the old signature: refused, the last good copy stays.
            served.put("/list.txt", "evil.test\n".getBytes(StandardCharsets.UTF_8));
            served.put("/list.txt.sig", signature("cloud.vendor.test\n".getBytes(StandardCharsets.UTF_8), 2));
            m.reloadAll();
            assertThat(m.status().getFirst().error()).contains("is not the one signed as version 2");
            assertThat(blocks(m, "a.cloud.vendor.test.")).isTrue();
            assertThat(blocks(m, "evil.test.")).isFalse();
            assertThat(Files.readString(dir.resolve("cache/remote.list"))).isEqualTo("cloud.vendor.test\n");

            // The server fails outright: same.
            served.clear();
            m.reloadAll();
            assertThat(m.status().getFirst().error()).contains("HTTP 500");
            assertThat(blocks(m, "a.cloud.vendor.test.")).isTrue();
            assertThat(m.status().getFirst().loadedAt()).isEqualTo(ok.loadedAt());
        }
        // A restart with the server down starts from the cached copy.
        try (ListManager again = manager()) {
            again.configure(List.of(urlSource("/list.txt", key)), List.of());
            assertThat(blocks(again, "x.cloud.vendor.test.")).isTrue();
            assertThat(again.status().getFirst().error()).isNull();
        }
    }

    @Test
    void missingSignatureOrWrongKeyIsRefused() throws Exception {
        served.put("/unsigned.txt", "a.test\n".getBytes(StandardCharsets.UTF_8));
        try (ListManager m = manager()) {
            m.configure(List.of(urlSource("/unsigned.txt", ListSignature.encode(keys.getPublic()))), List.of());
            m.reloadAll();
            assertThat(m.status().getFirst().error()).contains("unsigned.txt.sig").contains("HTTP 500");
            assertThat(blocks(m, "a.test.")).isFalse();
        }
        serveSigned("/signed.txt", "b.test\n");
        String otherKey = ListSignature.encode(ListSignature.generate().getPublic());
        try (ListManager m = manager()) {
            m.configure(List.of(urlSource("/signed.txt", otherKey)), List.of());
            m.reloadAll();
            assertThat(m.status().getFirst().error()).contains("does not verify");
            assertThat(blocks(m, "b.test.")).isFalse();
        }
    }

    @Test
    void anOlderSignedVersionIsRefusedAndTheRefusalSurvivesARestart() throws Exception {
        String key = ListSignature.encode(keys.getPublic());
        serveSigned("/feed.txt", "old.vendor.test\n", 5);
        byte[] oldList = served.get("/feed.txt");
        byte[] oldSig = served.get("/feed.txt.sig");
        try (ListManager m = manager()) {
            m.configure(List.of(urlSource("/feed.txt", key)), List.of());
            m.reloadAll();
            assertThat(blocks(m, "old.vendor.test.")).isTrue();
            serveSigned("/feed.txt", "new.vendor.test\n", 6);
            m.reloadAll();
            assertThat(m.status().getFirst().error()).isNull();
            assertThat(blocks(m, "new.vendor.test.")).isTrue();

            // a replay of version 5, validly signed once: refused, version 6 stays in force
            served.put("/feed.txt", oldList);
            served.put("/feed.txt.sig", oldSig);
            m.reloadAll();
            assertThat(m.status().getFirst().error())
                    .contains("signed version 5 of 2026-12-06 is older than version 6 of 2026-12-07 in force")
                    .contains("refused");
            assertThat(blocks(m, "new.vendor.test.")).isTrue();
            assertThat(blocks(m, "old.vendor.test.")).isFalse();
        }
        try (ListManager again = manager()) {
            again.configure(List.of(urlSource("/feed.txt", key)), List.of());
            assertThat(again.status().getFirst().error()).isNull();
            assertThat(blocks(again, "new.vendor.test.")).isTrue();
            again.reloadAll();
            assertThat(again.status().getFirst().error()).contains("is older than version 6");
            assertThat(blocks(again, "old.vendor.test.")).isFalse();
        }
    }

    @Test
    void aTamperedCachedCopyIsRefusedAtStartAndFetchedAgain() throws Exception {
        String key = ListSignature.encode(keys.getPublic());
        serveSigned("/feed.txt", "cloud.vendor.test\n", 3);
        try (ListManager m = manager()) {
            m.configure(List.of(urlSource("/feed.txt", key)), List.of());
            m.reloadAll();
            assertThat(blocks(m, "cloud.vendor.test.")).isTrue();
        }
        Path cached = dir.resolve("cache/remote.list");
        Files.writeString(cached, "cloud.vendor.test\nbank.example\n");
        try (ListManager m = manager()) {
            m.configure(List.of(urlSource("/feed.txt", key)), List.of());
            assertThat(m.status().getFirst().error()).contains("is not the one signed as version 3")
                    .contains("changed on disk").contains("set aside in");
            assertThat(blocks(m, "bank.example.")).isFalse();
            assertThat(cached).doesNotExist();
            assertThat(dir.resolve("cache/quarantine/remote.list")).hasContent("cloud.vendor.test\nbank.example\n");
            m.reloadAll();
            assertThat(m.status().getFirst().error()).isNull();
            assertThat(blocks(m, "cloud.vendor.test.")).isTrue();
            assertThat(blocks(m, "bank.example.")).isFalse();
        }
    }

    @Test
    void aDownloadThatDoesNotParseIsQuarantinedAndNeverReplacesTheGoodCopy() throws Exception {
        served.put("/feed.txt", "cloud.vendor.test\n".getBytes(StandardCharsets.UTF_8));
        try (ListManager m = manager()) {
            m.configure(List.of(urlSource("/feed.txt", null)), List.of());
            m.reloadAll();
            assertThat(blocks(m, "cloud.vendor.test.")).isTrue();
            served.put("/feed.txt", "<!doctype html><html><body>Sign in</body></html>\n".getBytes(StandardCharsets.UTF_8));
            m.reloadAll();
            assertThat(m.status().getFirst().error()).contains("looks like an HTML").contains("set aside in")
                    .contains("the last good copy stays");
            assertThat(blocks(m, "cloud.vendor.test.")).isTrue();
        }
        assertThat(dir.resolve("cache/remote.list")).hasContent("cloud.vendor.test\n");
        assertThat(Files.readString(dir.resolve("cache/quarantine/remote.list"))).startsWith("<!doctype html>");
        assertThat(Files.readString(dir.resolve("cache/quarantine/remote.reason"))).contains("looks like an HTML");
        try (ListManager again = manager()) {
            again.configure(List.of(urlSource("/feed.txt", null)), List.of());
            assertThat(again.status().getFirst().error()).isNull();
            assertThat(blocks(again, "cloud.vendor.test.")).isTrue();
        }
    }

    @Test
    void aBodyOverMaxBytesIsAbandonedAtTheLimit() throws Exception {
        served.put("/big.txt", "d0.vendor.test\n".repeat(1000).getBytes(StandardCharsets.UTF_8));
        try (ListManager m = manager()) {
            m.configure(List.of(new ListSource(url("/big.txt"), "remote", null, null, Duration.ofHours(1), null, 4096,
                    Duration.ofSeconds(30))), List.of());
            m.reloadAll();
            assertThat(m.status().getFirst().error()).contains("larger than 4096 bytes (lists[].maxBytes)");
            assertThat(blocks(m, "d0.vendor.test.")).isFalse();
        }
        try (var files = Files.list(dir.resolve("cache"))) {
            assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("remote.list")
                    .noneMatch(n -> n.contains(".part-"));
        }
    }

    @Test
    void fileListsReportBadLinesAndMissingFilesWithoutLosingTheRest() throws Exception {
        Path good = dir.resolve("good.hosts");
        Files.writeString(good, "0.0.0.0 one.test\nnot a hosts line at all\n0.0.0.0 two.test\n");
        Path missing = dir.resolve("missing.txt");
        try (ListManager m = manager()) {
            m.configure(List.of(
                    new ListSource(good.toString(), "good", null, null, null, null),
                    new ListSource(missing.toString(), "missing", ListAction.LOG, ListFormat.DOMAINS, null, null),
                    new ListSource("builtin:trassir", "trassir", null, null, null, null),
                    new ListSource("builtin:no-such-list", "nope", null, null, null, null)), List.of("two.test"));
            List<ListStatus> s = m.status();
            assertThat(s).extracting(ListStatus::id).containsExactly("good", "missing", "trassir", "nope");
            assertThat(s.get(0).domains()).isEqualTo(2);
            assertThat(s.get(0).invalidLines()).isEqualTo(1);
            assertThat(s.get(0).action()).isEqualTo("block");
            assertThat(m.problems("good")).singleElement().asString().startsWith(good + ":2: ");
            assertThat(s.get(1).error()).contains("no such file");
            assertThat(s.get(1).action()).isEqualTo("log");
            assertThat(s.get(2).domains()).isPositive();
            assertThat(s.get(2).error()).isNull();
            assertThat(s.get(3).error()).contains("no bundled list 'no-such-list'");
            assertThat(blocks(m, "one.test.")).isTrue();
            assertThat(m.snapshot().allowed(Name.fromConstantString("x.two.test.").toWire())).isTrue();

            // The missing file appears: the next poll loads it, and only it.
            Files.writeString(missing, "late.test\n");
            m.poll();
            assertThat(m.status().get(1).error()).isNull();
            assertThat(m.status().get(0).loadedAt()).isEqualTo(s.get(0).loadedAt());
            assertThat(m.snapshot().match(Name.fromConstantString("late.test."),
                    Name.fromConstantString("late.test.").toWire(), org.camsink.resolver.events.MatchKind.QNAME).block())
                    .as("a log list matches without blocking").isFalse();

            // A file that becomes unreadable keeps its last good content and says why.
            Files.delete(good);
            m.poll();
            assertThat(m.status().get(0).error()).contains("no such file");
            assertThat(blocks(m, "one.test.")).isTrue();
        }
    }

    @Test
    void defaultConfigLoadsEveryBundledListWithItsOwnAction() {
        org.camsink.resolver.config.Config defaults = org.camsink.resolver.config.ConfigLoader.defaults();
        try (ListManager m = manager()) {
            m.configure(defaults.lists(), defaults.allow());
            List<ListStatus> s = m.status();
            List<String> ids = new java.util.ArrayList<>(org.camsink.blocklists.catalogue.Catalogue.BUILTIN_IDS);
            ids.addAll(org.camsink.blocklists.country.CountryLists.IDS);
            assertThat(s).extracting(ListStatus::id).containsExactlyElementsOf(ids);
            assertThat(s).allSatisfy(l -> assertThat(l.error()).isNull());
            assertThat(s).filteredOn(l -> l.id().startsWith("country-")).allSatisfy(l -> {
                assertThat(l.action()).isEqualTo("log");
                assertThat(l.invalidLines()).isZero();
            });
            assertThat(s).filteredOn(l -> l.id().equals("country-ru")).singleElement()
                    .extracting(ListStatus::ranges).isEqualTo(8538L + 2166L);
            assertThat(s.stream().mapToLong(l -> l.domains() + l.ranges()).sum()).isGreaterThan(10);
            assertThat(s).filteredOn(l -> l.id().equals("trassir")).singleElement()
                    .extracting(ListStatus::action).isEqualTo("block");
            assertThat(s).extracting(ListStatus::action).contains("log");
            assertThat(blocks(m, "A.Cloud.TRASSIR.com.")).isTrue();
        }
    }

    @Test
    void catalogueDefaultActionAppliesUnlessTheConfigSetsOne() throws IOException {
        Path yaml = dir.resolve("vendor.yaml");
        Files.writeString(yaml, """
                id: vendor
                vendor: Example
                products: [Cam]
                operatorCountry: RU
                action: log
                reviewed: 2026-01-01
                why: test
                entries:
                  - domain: cloud.vendor.test
                    source: https://example.org/
                """);
        try (ListManager m = manager()) {
            m.configure(List.of(new ListSource(yaml.toString(), "vendor", null, null, null, null)), List.of());
            assertThat(m.status().getFirst().action()).isEqualTo("log");
            m.configure(List.of(new ListSource(yaml.toString(), "vendor", ListAction.BLOCK, null, null, null)), List.of());
            assertThat(m.status().getFirst().action()).isEqualTo("block");
        }
    }
}

package org.camsink.resolver.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.camsink.resolver.config.ConfigLoader;
import org.camsink.resolver.testing.DnsClient;
import org.camsink.resolver.testing.TestResolver;
import org.camsink.resolver.testing.UnboundUpstream;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Reloads swap the pipeline without dropping queries, and a bad file leaves the old config serving. */
class ReloadTest {

    static String address(Message m) {
        return m.getSection(Section.ANSWER).stream().filter(r -> r instanceof ARecord)
                .map(r -> ((ARecord) r).getAddress().getHostAddress()).findFirst().orElse("none");
    }

    static String config(UnboundUpstream up, int maxEntries) {
        return "upstreams: [\"" + up.hostPort() + "\"]\ncache: { maxEntries: " + maxEntries + " }\n";
    }

    /** Polls until {@code name} resolves to {@code expected}; bounded to 5 s. */
    static boolean eventually(TestResolver r, String expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (expected.equals(address(r.udp(DnsClient.query("which.test.", Type.A))))) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Test
    void savingTheConfigFileReloadsItAndABadFileKeepsTheOldOne() throws Exception {
        try (UnboundUpstream first = UnboundUpstream.start(List.of("which.test. 300 IN A 192.0.2.1"), List.of());
             UnboundUpstream second = UnboundUpstream.start(List.of("which.test. 300 IN A 192.0.2.2"), List.of());
             TestResolver r = TestResolver.start(config(first, 1000))) {
            assertThat(address(r.udp(DnsClient.query("which.test.", Type.A)))).isEqualTo("192.0.2.1");

            // a new cache size gives a new cache, so the new upstream is asked
            Files.writeString(r.file(), TestResolver.withTestDefaults(config(second, 2000)));
            assertThat(eventually(r, "192.0.2.2")).isTrue();

            Files.writeString(r.file(), "upstreams: [\"not an address\"]\n");
            Thread.sleep(ConfigWatcher.SETTLE_MILLIS * 3);
            assertThat(r.resolver().reloadFromFile()).isFalse();
            assertThat(address(r.udp(DnsClient.query("which.test.", Type.A)))).isEqualTo("192.0.2.2");
            assertThat(r.resolver().config().upstreams().get(0).port()).isEqualTo(second.port());
        }
    }

    @Test
    void reloadingUnderLoadDropsNoQuery() throws Exception {
        try (UnboundUpstream up = UnboundUpstream.start(List.of("which.test. 300 IN A 192.0.2.1"), List.of());
             TestResolver r = TestResolver.start(config(up, 1000));
             ExecutorService clients = Executors.newFixedThreadPool(4)) {
            AtomicBoolean running = new AtomicBoolean(true);
            List<Future<Integer>> workers = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                workers.add(clients.submit(() -> {
                    int answered = 0;
                    for (int n = 0; n < 2000 && running.get(); n++) {
                        Message m = DnsClient.udp(r.udpAddress(), DnsClient.query("which.test.", Type.A),
                                Duration.ofSeconds(2));
                        if (m.getRcode() == Rcode.NOERROR && "192.0.2.1".equals(address(m))) {
                            answered++;
                        } else {
                            throw new IOException("bad answer during reload: " + m);
                        }
                    }
                    return answered;
                }));
            }
            for (int i = 0; i < 10; i++) {
                r.resolver().reload(ConfigLoader.parse(TestResolver.withTestDefaults(config(up, 1000 + i)), null));
                Thread.sleep(30);
            }
            running.set(false);
            int total = 0;
            for (Future<Integer> f : workers) {
                total += f.get(); // a lost query would throw SocketTimeoutException here
            }
            assertThat(total).isPositive();
        }
    }

    /** SIGHUP fetches URL lists again at once; saving the config file alone leaves a list whose refresh is not due. */
    @Test
    void hangupFetchesUrlListsAgain() throws Exception {
        AtomicReference<String> served = new AtomicReference<>("first.test\n");
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/list.txt", exchange -> {
            byte[] body = served.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        http.start();
        Path data = Files.createTempDirectory("camsink-hup");
        try (UnboundUpstream up = UnboundUpstream.start(List.of("a.first.test. 300 IN A 192.0.2.1",
                     "a.second.test. 300 IN A 192.0.2.2"), List.of());
             TestResolver r = TestResolver.start(config(up, 1000)
                     + "lists: [{ source: \"http://127.0.0.1:" + http.getAddress().getPort()
                     + "/list.txt\", id: remote, refresh: 24h }]\n"
                     + "telemetry: { dataDir: \"" + data + "\" }\n")) {
            assertThat(eventuallyBlocked(r, "a.first.test.")).isTrue();
            served.set("second.test\n");
            r.resolver().reloadFromFile(); // a config reload alone: the list is not due for 24 h
            assertThat(address(r.udp(DnsClient.query("a.second.test.", Type.A)))).isEqualTo("192.0.2.2");
            assertThat(r.resolver().hangup()).isTrue(); // the fetch runs on the list fetch thread, not in the signal's
            assertThat(eventuallyBlocked(r, "a.second.test.")).isTrue();
            assertThat(address(r.udp(DnsClient.query("a.first.test.", Type.A)))).isEqualTo("192.0.2.1");
        } finally {
            http.stop(0);
        }
    }

    /** The list is fetched by the list fetch thread; polls up to 30 s for it to block. */
    private static boolean eventuallyBlocked(TestResolver r, String name) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (r.udp(DnsClient.query(name, Type.A)).getRcode() == Rcode.NXDOMAIN) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }
}

package org.camsink.resolver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
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
}

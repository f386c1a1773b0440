package org.camsink.resolver.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.camsink.resolver.status.ListStatus;
import org.camsink.resolver.testing.DnsClient;
import org.camsink.resolver.testing.TestResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Hostile list feeds against the whole resolver, over real sockets and files: a list with a 10 MB {@code $ORIGIN},
 * a 200 MiB URL list generated on the fly by a local HTTP server, a feed that trickles a byte every 200 ms, and a
 * third-party list with {@code @@||com^}. The resolver keeps answering, the status page says what went wrong, a
 * reload completes while the download stalls, and the next start is clean.
 */
class ListHazardsAcceptanceTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final long HUGE = 200L << 20;

    @TempDir
    Path dir;
    private HttpServer feeds;
    private ExecutorService feedThreads;
    private final AtomicLong hugeSent = new AtomicLong();
    private final AtomicBoolean trickling = new AtomicBoolean();
    private final AtomicBoolean stop = new AtomicBoolean();

    @BeforeEach
    void feeds() throws IOException {
        feeds = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        feedThreads = Executors.newCachedThreadPool();
        feeds.setExecutor(feedThreads);
        feeds.createContext("/huge.txt", this::huge);
        feeds.createContext("/trickle.txt", this::trickle);
        feeds.start();
    }

    @AfterEach
    void stopFeeds() {
        stop.set(true);
        feeds.stop(0);
        feedThreads.shutdownNow();
    }

    /** 200 MiB of valid domain lines, made as they are sent; stops when the client goes away. */
    private void huge(HttpExchange ex) throws IOException {
        ex.sendResponseHeaders(200, HUGE);
        try (OutputStream out = ex.getResponseBody()) {
            byte[] block = new byte[1 << 16];
            long sent = 0;
            int fill = 0;
            for (long i = 0; sent < HUGE; i++) {
                byte[] l = ("d" + i + ".flood.test\n").getBytes(StandardCharsets.US_ASCII);
                if (fill + l.length > block.length) {
                    int n = (int) Math.min(fill, HUGE - sent);
                    out.write(block, 0, n);
                    sent += n;
                    hugeSent.set(sent);
                    fill = 0;
                }
                System.arraycopy(l, 0, block, fill, l.length);
                fill += l.length;
            }
        } catch (IOException gone) {
            // the resolver hung up at its limit
        }
    }

    /** A feed that sends a valid line, then one byte every 200 ms, forever. */
    private void trickle(HttpExchange ex) throws IOException {
        ex.sendResponseHeaders(200, 0);
        trickling.set(true);
        try (OutputStream out = ex.getResponseBody()) {
            out.write("trickle.vendor.test\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            while (!stop.get()) {
                out.write('x');
                out.flush();
                Thread.sleep(200);
            }
        } catch (IOException | InterruptedException gone) {
            // the resolver gave up on it
        } finally {
            trickling.set(false);
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + feeds.getAddress().getPort() + path;
    }

    private String config(Path origin, Path thirdParty, String extra) {
        return "upstreams: [\"127.0.0.1:9\"]\n"
                + "upstream: { timeout: 200ms, attempts: 1 }\n"
                + "telemetry: { dataDir: \"" + dir.resolve("data") + "\" }\n"
                + "lists:\n"
                + "  - { source: builtin:trassir }\n"
                + "  - { source: \"" + origin + "\", id: origin }\n"
                + "  - { source: \"" + thirdParty + "\", id: third-party, format: adblock }\n"
                + "  - { source: \"" + url("/huge.txt") + "\", id: huge }\n"
                + "  - { source: \"" + url("/trickle.txt") + "\", id: trickle, timeout: 3s }\n"
                + extra;
    }

    private static void waitFor(String what, BooleanSupplier done) throws InterruptedException {
        Instant end = Instant.now().plus(WAIT);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("timed out after " + WAIT + " waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static ListStatus list(TestResolver r, String id) {
        return r.resolver().status().lists().stream().filter(l -> l.id().equals(id)).findFirst().orElseThrow();
    }

    private static int rcode(TestResolver r, String name) throws IOException {
        Message m = DnsClient.udp(r.udpAddress(), DnsClient.query(name, Type.A), Duration.ofSeconds(5));
        return m.getRcode();
    }

    private static String statusPage(TestResolver r) throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + r.resolver().admin().port() + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        return page.body();
    }

    @Test
    void hostileFeedsLeaveTheResolverServingAndSayWhatWentWrong() throws Exception {
        Path origin = dir.resolve("huge-origin.rpz");
        try (OutputStream out = Files.newOutputStream(origin)) {
            out.write("$TTL 300\n$ORIGIN ".getBytes(StandardCharsets.US_ASCII));
            byte[] a = "a".repeat(1 << 16).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 160; i++) { // 10 MiB
                out.write(a);
            }
            out.write(".rpz.test.\ncloud.rpzvendor.test CNAME .\n".getBytes(StandardCharsets.US_ASCII));
        }
        Path thirdParty = dir.resolve("third-party.txt");
        Files.writeString(thirdParty, "! a careless third-party list\n@@||com^\n||ads.example^\n");
        Path data = dir.resolve("data");

        try (TestResolver r = TestResolver.start(config(origin, thirdParty, ""))) {
            // serving at once: the bundled list, the big-origin zone and the third-party list all answer
            assertThat(rcode(r, "cloud.trassir.com.")).as("@@||com^ in another list").isEqualTo(Rcode.NXDOMAIN);
            assertThat(rcode(r, "x.ads.example.")).isEqualTo(Rcode.NXDOMAIN);
            assertThat(rcode(r, "cloud.rpzvendor.test.")).isEqualTo(Rcode.NXDOMAIN);
            ListStatus o = list(r, "origin");
            assertThat(o.error()).isNull();
            assertThat(o.domains()).isEqualTo(1);
            assertThat(o.invalidLines()).isEqualTo(1);
            String originProblem = origin + ":2: line longer than "
                    + org.camsink.resolver.blocking.format.ListInput.MAX_LINE + " bytes, skipped";
            assertThat(o.firstProblem()).isEqualTo(originProblem);

            // the downloads run in the background: the 200 MiB body is cut at lists[].maxBytes (64 MiB)
            waitFor("the huge list refused", () -> String.valueOf(list(r, "huge").error()).contains("larger than"));
            assertThat(list(r, "huge").error()).contains("larger than 67108864 bytes (lists[].maxBytes)");
            assertThat(hugeSent.get()).isLessThan(HUGE);

            // while the trickling feed holds the download, a reload and a SIGHUP complete
            waitFor("the trickle started", trickling::get);
            Files.writeString(r.file(), TestResolver.withTestDefaults(config(origin, thirdParty,
                    "allow: [\"ok.ads.example\"]\n")));
            assertThat(r.resolver().reloadFromFile()).isTrue();
            r.resolver().hangup();
            assertThat(trickling.get()).as("the download is still stalled when the reload has finished").isTrue();
            assertThat(rcode(r, "ok.ads.example.")).as("the reloaded allow: is in force").isNotEqualTo(Rcode.NXDOMAIN);

            // the total deadline ends the trickle, though bytes keep coming
            waitFor("the trickle abandoned", () -> String.valueOf(list(r, "trickle").error()).contains("not finished"));
            assertThat(list(r, "trickle").error()).contains("not finished within PT3S (lists[].timeout)");
            waitFor("the feed sees the hang-up", () -> !trickling.get());

            String page = statusPage(r);
            assertThat(page).contains("larger than 67108864 bytes (lists[].maxBytes)", "not finished within PT3S",
                    "1 invalid line skipped; first: <code>" + originProblem + "</code>");
            assertThat(rcode(r, "cloud.trassir.com.")).isEqualTo(Rcode.NXDOMAIN);
            Runtime rt = Runtime.getRuntime();
            System.out.printf("list hazards: heap used %d MiB of max %d MiB after the 200 MiB feed%n",
                    (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20);
        }
        try (var files = Files.list(data.resolve("lists"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("no cached copy of a refused feed").doesNotContain("huge.list", "trickle.list");
        }

        // the next start is clean: serving at once, the same one-line problem, nothing left to re-parse
        String feedsUrl = url("/");
        stopFeeds();
        try (TestResolver again = TestResolver.start(config(origin, thirdParty, "").replace(feedsUrl, "http://127.0.0.1:9/"))) {
            assertThat(rcode(again, "cloud.trassir.com.")).isEqualTo(Rcode.NXDOMAIN);
            assertThat(rcode(again, "cloud.rpzvendor.test.")).isEqualTo(Rcode.NXDOMAIN);
            assertThat(list(again, "origin").error()).isNull();
            assertThat(list(again, "origin").invalidLines()).isEqualTo(1);
            assertThat(list(again, "trassir").error()).isNull();
            assertThat(list(again, "huge").error()).isNotNull();
            assertThat(list(again, "huge").loadedAt()).isNull();
        }
        try (var files = Files.list(data.resolve("lists"))) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no partial download left after a stop")
                    .noneMatch(n -> n.contains(".part-")).doesNotContain("huge.list", "trickle.list");
        }
    }
}

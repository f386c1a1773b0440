package org.camsink.resolver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.camsink.report.ReportCodec;
import org.camsink.report.ReportException;
import org.camsink.resolver.config.Config;
import org.camsink.resolver.config.ConfigException;
import org.camsink.resolver.config.ConfigLoader;
import org.camsink.resolver.net.HostPort;
import org.camsink.resolver.status.TelemetryStatus;
import org.camsink.resolver.telemetry.TelemetrySpool;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code camsink telemetry preview|status [--config FILE]}: what telemetry sends. Both ask the running resolver
 * through its admin address first and fall back to the data folder when none answers. Output is JSON only.
 */
@Command(name = "telemetry", description = "Show the next telemetry report or the spool (JSON).",
        mixinStandardHelpOptions = true,
        subcommands = {TelemetryCommand.Preview.class, TelemetryCommand.Status.class})
public final class TelemetryCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(3);

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Shared option and plumbing. */
    abstract static class Base implements Callable<Integer> {
        @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "YAML config file (default: built-in defaults).")
        Path config;

        PrintStream out = System.out;
        PrintStream err = System.err;

        Config load() throws ConfigException {
            return config == null ? ConfigLoader.defaults() : ConfigLoader.load(config);
        }

        /** GET on the running resolver's admin server; null when nothing answers there. */
        static HttpResponse<byte[]> ask(Config c, String path) {
            if (c.admin() == null || !c.admin().enabled()) {
                return null;
            }
            HostPort listen = c.admin().listen();
            InetAddress a = listen.address();
            if (a.isAnyLocalAddress()) {
                a = InetAddress.getLoopbackAddress();
            }
            URI uri = URI.create("http://" + HostPort.of(a, listen.port()) + path);
            try (HttpClient client = HttpClient.newBuilder().connectTimeout(ASK_TIMEOUT).build()) {
                return client.send(HttpRequest.newBuilder(uri).timeout(ASK_TIMEOUT).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        @Override
        public Integer call() {
            Config c;
            try {
                c = load();
            } catch (ConfigException e) {
                err.println(e.getMessage());
                return 2;
            }
            try {
                return run(c);
            } catch (IOException e) {
                out.println(error("cannot read the telemetry data folder " + c.telemetry().dataDir() + ": " + e.getMessage()));
                return 1;
            }
        }

        abstract int run(Config c) throws IOException;
    }

    static String error(String message) {
        ObjectNode n = JSON.createObjectNode();
        n.put("error", message);
        return n.toString();
    }

    @Command(name = "preview", mixinStandardHelpOptions = true,
            description = {"Print exactly the JSON of the next report (from the running resolver),",
                "or, when no resolver runs, the spooled reports as a JSON array."})
    static final class Preview extends Base {
        @Override
        int run(Config c) throws IOException {
            HttpResponse<byte[]> r = ask(c, "/api/telemetry/preview");
            if (r != null && r.statusCode() == 200) {
                try {
                    new ReportCodec().decode(r.body());
                } catch (ReportException e) {
                    out.println(error("the admin address " + c.admin().listen() + " did not answer with a report: " + e.getMessage()));
                    return 1;
                }
                out.write(r.body());
                out.println();
                out.flush();
                return 0;
            }
            if (r != null && r.statusCode() == 404) {
                out.println(error("telemetry is off in the resolver running at " + c.admin().listen()));
                return 1;
            }
            List<byte[]> spooled = TelemetrySpool.pendingReports(c.telemetry().dataDir());
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < spooled.size(); i++) {
                b.append(i == 0 ? "\n" : ",\n").append(new String(spooled.get(i), StandardCharsets.UTF_8));
            }
            out.println(b.append(spooled.isEmpty() ? "]" : "\n]"));
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Print telemetry delivery status (pending, sent, rejected, last error, why reports are held) as JSON.")
    static final class Status extends Base {
        @Override
        int run(Config c) throws IOException {
            HttpResponse<byte[]> r = ask(c, "/api/telemetry");
            if (r != null && r.statusCode() == 200) {
                try {
                    JsonNode n = JSON.readTree(r.body());
                    if (n instanceof ObjectNode o && o.has("pending")) {
                        ObjectNode withRunning = JSON.createObjectNode();
                        withRunning.put("running", true);
                        withRunning.setAll(o);
                        withRunning.remove("preview");
                        out.println(withRunning.toPrettyString());
                        return 0;
                    }
                } catch (IOException notJson) {
                    // not our admin server: fall through to the data folder
                }
            }
            TelemetryStatus s = TelemetrySpool.status(c.telemetry());
            ObjectNode n = JSON.createObjectNode();
            n.put("running", false);
            n.put("enabled", s.enabled());
            n.put("endpoint", s.endpoint());
            n.put("dataDir", c.telemetry().dataDir().toString());
            n.put("pending", s.pending());
            n.put("sent", s.sent());
            n.put("rejected", s.rejected());
            n.put("lastSent", s.lastSent() == null ? null : s.lastSent().toString());
            n.put("lastSentReportId", s.lastSentReportId());
            n.put("lastError", s.lastError());
            n.put("held", s.held());
            n.put("nextAttempt", s.nextAttempt() == null ? null : s.nextAttempt().toString());
            out.println(n.toPrettyString());
            return 0;
        }
    }
}

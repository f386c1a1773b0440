package org.camsink.resolver.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.camsink.resolver.cli.Version;
import org.camsink.resolver.discovery.Candidate;
import org.camsink.resolver.pipeline.ResolutionKind;
import org.camsink.resolver.status.ListStatus;
import org.camsink.resolver.status.TelemetryStatus;
import org.camsink.resolver.status.UpstreamStatus;

/**
 * The household status page, rendered on the server so that it is complete without JavaScript; the page's
 * script only fetches it again every few seconds and swaps the {@code #live} part in. The shell (head,
 * styles, script) is {@code camsink/admin/index.html}; this class fills its {@code <!--live-->} slot.
 */
final class StatusPage {

    static final int REFRESH_SECONDS = 5;
    private static final String SLOT = "<!--live-->";
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final String shell;

    StatusPage() {
        try (InputStream in = StatusPage.class.getResourceAsStream("/camsink/admin/index.html")) {
            if (in == null) {
                throw new IllegalStateException("camsink/admin/index.html is missing from the jar");
            }
            shell = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!shell.contains(SLOT)) {
            throw new IllegalStateException("camsink/admin/index.html has no " + SLOT + " slot");
        }
    }

    String render(AdminData data) {
        StringBuilder h = new StringBuilder(8192);
        Metrics.Snapshot m = data.counters();
        List<DeviceTable.Device> devices = data.deviceTable().snapshot();
        List<UpstreamStatus> upstreams = data.upstreamList();
        List<ListStatus> lists = data.listList();
        TelemetryStatus telemetry = data.telemetryStatus();
        long healthy = upstreams.stream().filter(UpstreamStatus::healthy).count();

        h.append("<p class=\"meta\">camsink ").append(esc(Version.current())).append(" · up ")
                .append(esc(duration(data.uptime()))).append(" · page built ").append(time(Instant.now())).append("</p>\n");

        h.append("<section aria-labelledby=\"totals-h\"><h2 id=\"totals-h\">Totals</h2>\n<dl class=\"cards\">\n");
        card(h, "queries", "Queries answered", Long.toString(m.total()));
        card(h, "blocked", "Blocked", Long.toString(m.blockedTotal()));
        double rate = m.cacheHitRate();
        card(h, "cache", "Cache hit rate", Double.isNaN(rate) ? "–" : String.format(Locale.ROOT, "%.1f %%", rate * 100));
        card(h, "devices", "Device rows", Integer.toString(devices.size()));
        card(h, "upstreams", "Upstreams healthy", healthy + " of " + upstreams.size());
        card(h, "telemetry", "Telemetry", telemetry.enabled() ? "on" : "off");
        h.append("</dl></section>\n");

        deviceTable(h, data, devices);
        candidateTable(h, data);
        listTable(h, lists, m);
        upstreamTable(h, upstreams);
        kindTable(h, m);
        telemetrySection(h, telemetry);
        return shell.replace(SLOT, h.toString());
    }

    private static void card(StringBuilder h, String id, String label, String value) {
        h.append("<div class=\"card\" id=\"total-").append(id).append("\"><dt>").append(esc(label))
                .append("</dt><dd>").append(esc(value)).append("</dd></div>\n");
    }

    private void deviceTable(StringBuilder h, AdminData data, List<DeviceTable.Device> devices) {
        h.append("<section aria-labelledby=\"devices-h\"><h2 id=\"devices-h\">Devices that tried to reach camera-vendor clouds</h2>\n");
        if (devices.isEmpty()) {
            h.append("<p class=\"empty\" id=\"no-devices\">No device on your network has asked for a listed name yet.</p></section>\n");
            return;
        }
        h.append("<div class=\"scroll\"><table id=\"devices\"><caption>One row per device, list and entry; most recent first. ")
                .append("Addresses and names stay on this machine.</caption>\n<thead><tr>")
                .append("<th scope=\"col\">Device</th><th scope=\"col\">List</th><th scope=\"col\">Entry</th>")
                .append("<th scope=\"col\" class=\"num\">Queries</th><th scope=\"col\">First seen</th>")
                .append("<th scope=\"col\">Last seen</th><th scope=\"col\">Outcome</th></tr></thead>\n<tbody>\n");
        for (DeviceTable.Device d : devices) {
            String address = d.client().getHostAddress();
            String name = data.nameOf(d.client());
            h.append("<tr data-client=\"").append(esc(address)).append("\" data-list=\"").append(esc(d.list()))
                    .append("\" data-entry=\"").append(esc(d.entry())).append("\"><th scope=\"row\"><span class=\"addr\">")
                    .append(esc(address)).append("</span>");
            if (name != null) {
                h.append(" <span class=\"name\">").append(esc(name)).append("</span>");
            }
            h.append("</th><td>").append(esc(d.list())).append("</td><td><code>").append(esc(d.entry()))
                    .append("</code>").append(d.match() == null ? "" : " <small>(" + esc(d.match().wire()) + ")</small>")
                    .append("</td><td class=\"num queries\">").append(d.queries()).append("</td><td>")
                    .append(time(d.firstSeen())).append("</td><td>").append(time(d.lastSeen())).append("</td><td>")
                    .append(d.blocked() ? "<span class=\"tag blocked\">blocked</span>" : "<span class=\"tag logged\">logged only</span>")
                    .append("</td></tr>\n");
        }
        h.append("</tbody></table></div></section>\n");
    }

    private void candidateTable(StringBuilder h, AdminData data) {
        List<Candidate> candidates = data.candidateTable().snapshot();
        h.append("<section aria-labelledby=\"candidates-h\"><h2 id=\"candidates-h\">Possible rebrands your cameras use</h2>\n");
        if (!data.candidateTable().enabled()) {
            h.append("<p class=\"empty\" id=\"no-candidates\">Discovery is off (<code>discovery.enabled</code>).</p></section>\n");
            return;
        }
        if (candidates.isEmpty()) {
            h.append("<p class=\"empty\" id=\"no-candidates\">No camera has asked for an unlisted name whose answer leads ")
                    .append("into a listed domain or address range.</p></section>\n");
            return;
        }
        h.append("<div class=\"scroll\"><table id=\"candidates\"><caption>Names no list knows yet, asked for by a device ")
                .append("that also asked for a camera-vendor cloud (or that you marked as a camera), whose answer led into ")
                .append("a listed domain or range. Only cameras are watched; other devices never appear here.</caption>\n<thead><tr>")
                .append("<th scope=\"col\">Candidate</th><th scope=\"col\">Device</th><th scope=\"col\">Why</th>")
                .append("<th scope=\"col\" class=\"num\">Queries</th><th scope=\"col\">First seen</th>")
                .append("<th scope=\"col\">Last seen</th></tr></thead>\n<tbody>\n");
        for (Candidate c : candidates) {
            String address = c.client().getHostAddress();
            String name = data.nameOf(c.client());
            h.append("<tr data-domain=\"").append(esc(c.domain())).append("\" data-client=\"").append(esc(address))
                    .append("\" data-match=\"").append(c.reason().match().wire()).append("\"><th scope=\"row\"><code>")
                    .append(esc(c.domain())).append("</code></th><td><span class=\"addr\">").append(esc(address)).append("</span>");
            if (name != null) {
                h.append(" <span class=\"name\">").append(esc(name)).append("</span>");
            }
            h.append("</td><td class=\"why\">").append(esc(c.reason().text()))
                    .append(c.reason().blocked() ? " <span class=\"tag blocked\">blocked</span>" : "")
                    .append("</td><td class=\"num queries\">").append(c.queries()).append("</td><td>")
                    .append(time(c.firstSeen())).append("</td><td>").append(time(c.lastSeen())).append("</td></tr>\n");
        }
        h.append("</tbody></table></div></section>\n");
    }

    private static void listTable(StringBuilder h, List<ListStatus> lists, Metrics.Snapshot m) {
        h.append("<section aria-labelledby=\"lists-h\"><h2 id=\"lists-h\">Lists in use</h2>\n");
        if (lists.isEmpty()) {
            h.append("<p class=\"empty\">No list is loaded.</p></section>\n");
            return;
        }
        h.append("<div class=\"scroll\"><table id=\"lists\"><thead><tr><th scope=\"col\">List</th><th scope=\"col\">Action</th>")
                .append("<th scope=\"col\" class=\"num\">Domains</th><th scope=\"col\" class=\"num\">Ranges</th>")
                .append("<th scope=\"col\" class=\"num\">Blocked</th><th scope=\"col\" class=\"num\">Logged</th>")
                .append("<th scope=\"col\">Last loaded</th><th scope=\"col\">Problems</th></tr></thead>\n<tbody>\n");
        for (ListStatus l : lists) {
            Metrics.ListCount c = m.byList().getOrDefault(l.id(), new Metrics.ListCount(0, 0));
            h.append("<tr><th scope=\"row\" title=\"").append(esc(l.source())).append("\">").append(esc(l.id()))
                    .append("</th><td>").append(esc(l.action())).append("</td><td class=\"num\">").append(l.domains())
                    .append("</td><td class=\"num\">").append(l.ranges()).append("</td><td class=\"num\">").append(c.blocked())
                    .append("</td><td class=\"num\">").append(c.logged()).append("</td><td>").append(time(l.loadedAt()))
                    .append("</td><td>");
            if (l.error() != null) {
                h.append("<span class=\"tag bad\">").append(esc(l.error())).append("</span>");
            } else if (l.invalidLines() > 0) {
                h.append(l.invalidLines()).append(l.invalidLines() == 1 ? " invalid line skipped" : " invalid lines skipped");
                if (l.firstProblem() != null) {
                    h.append("; first: <code>").append(esc(l.firstProblem())).append("</code>");
                }
            } else {
                h.append("none");
            }
            h.append("</td></tr>\n");
        }
        h.append("</tbody></table></div></section>\n");
    }

    private static void upstreamTable(StringBuilder h, List<UpstreamStatus> upstreams) {
        h.append("<section aria-labelledby=\"upstreams-h\"><h2 id=\"upstreams-h\">Upstream resolvers</h2>\n");
        if (upstreams.isEmpty()) {
            h.append("<p class=\"empty\">No upstream is configured.</p></section>\n");
            return;
        }
        h.append("<div class=\"scroll\"><table id=\"upstreams\"><thead><tr><th scope=\"col\">Upstream</th><th scope=\"col\">Health</th>")
                .append("<th scope=\"col\" class=\"num\">Queries</th><th scope=\"col\" class=\"num\">Failures</th>")
                .append("<th scope=\"col\" class=\"num\">Average RTT</th><th scope=\"col\">Last failure</th></tr></thead>\n<tbody>\n");
        for (UpstreamStatus u : upstreams) {
            h.append("<tr><th scope=\"row\">").append(esc(u.address())).append("</th><td>")
                    .append(u.healthy() ? "<span class=\"tag ok\">healthy</span>" : "<span class=\"tag bad\">failing</span>")
                    .append("</td><td class=\"num\">").append(u.queries()).append("</td><td class=\"num\">").append(u.failures())
                    .append("</td><td class=\"num\">")
                    .append(Double.isFinite(u.averageRttMillis()) ? String.format(Locale.ROOT, "%.1f ms", u.averageRttMillis()) : "–")
                    .append("</td><td>").append(time(u.lastFailure())).append("</td></tr>\n");
        }
        h.append("</tbody></table></div></section>\n");
    }

    private static void kindTable(StringBuilder h, Metrics.Snapshot m) {
        h.append("<section aria-labelledby=\"kinds-h\"><h2 id=\"kinds-h\">Answers by source</h2>\n")
                .append("<div class=\"scroll narrow\"><table id=\"kinds\"><thead><tr><th scope=\"col\">Answer</th>")
                .append("<th scope=\"col\" class=\"num\">Queries</th></tr></thead>\n<tbody>\n");
        for (ResolutionKind k : ResolutionKind.values()) {
            h.append("<tr><th scope=\"row\">").append(AdminData.wire(k)).append("</th><td class=\"num\">")
                    .append(m.count(k)).append("</td></tr>\n");
        }
        h.append("</tbody></table></div></section>\n");
    }

    private static void telemetrySection(StringBuilder h, TelemetryStatus t) {
        h.append("<section aria-labelledby=\"telemetry-h\"><h2 id=\"telemetry-h\">Telemetry</h2>\n");
        if (!t.enabled()) {
            h.append("<p id=\"telemetry-state\">Off. Nothing is sent anywhere. Switch it on with <code>telemetry.enabled</code> ")
                    .append("to contribute anonymized daily counts per list entry (never addresses or names).</p></section>\n");
            return;
        }
        h.append("<p id=\"telemetry-state\">On: anonymized hit counts go to <code>").append(esc(t.endpoint()))
                .append("</code>. <a href=\"/api/telemetry/preview\">See the exact next report</a>.</p>\n<dl class=\"inline\">")
                .append("<dt>Waiting</dt><dd>").append(t.pending()).append("</dd><dt>Sent</dt><dd>").append(t.sent())
                .append("</dd><dt>Rejected</dt><dd>").append(t.rejected()).append("</dd><dt>Last sent</dt><dd>")
                .append(time(t.lastSent())).append("</dd>");
        if (t.lastError() != null) {
            h.append("<dt>Last error</dt><dd>").append(esc(t.lastError())).append("</dd>");
        }
        h.append("</dl>\n");
        if (t.held() != null) {
            h.append("<p id=\"telemetry-held\" role=\"status\">Reports are kept and sent again: ").append(esc(t.held()))
                    .append(". Next attempt ").append(time(t.nextAttempt())).append(".</p>\n");
        }
        h.append("</section>\n");
    }

    private static String time(Instant i) {
        if (i == null) {
            return "–";
        }
        return "<time datetime=\"" + i + "\">" + TIME.format(i) + "</time>";
    }

    static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min";
        }
        if (s < 86_400) {
            return (s / 3600) + " h " + (s % 3600 / 60) + " min";
        }
        return (s / 86_400) + " d " + (s % 86_400 / 3600) + " h";
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}

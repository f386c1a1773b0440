package org.camsink.resolver.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camsink.resolver.telemetry.Telemetry.waitFor;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.camsink.report.HitReport;
import org.camsink.report.ReportHit;
import org.camsink.resolver.testing.DnsClient;
import org.camsink.resolver.testing.TestResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Type;

/**
 * Real DNS queries from several loopback clients for long, unique subdomains of blocked entries go through the
 * running resolver; every byte telemetry POSTs is captured and searched for anything that identifies a client
 * or a query.
 */
class TelemetryPrivacyTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void reportsCarryListEntriesAndCountsOnly() throws Exception {
        Files.writeString(dir.resolve("trassir.txt"), "cloud.trassir.com\n");
        Files.writeString(dir.resolve("xmeye.txt"), "xmeye.net\n");
        SecureRandom random = new SecureRandom();
        List<String> secrets = new ArrayList<>(); // every label, name and address that must not leave
        MovableClock clock = new MovableClock(Instant.parse("2026-11-25T12:00:00Z"));
        try (Receiver receiver = new Receiver();
             DatagramSocket blackHole = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             TestResolver r = TestResolver.start("upstreams: [\"127.0.0.1:" + blackHole.getLocalPort() + "\"]\n"
                     + "upstream: { timeout: 100ms, attempts: 1 }\n"
                     + "lists:\n"
                     + "  - { source: \"" + dir.resolve("trassir.txt") + "\", id: trassir, format: domains }\n"
                     + "  - { source: \"" + dir.resolve("xmeye.txt") + "\", id: xmeye, format: domains }\n")) {
            TelemetryService service = TelemetryService.start(
                    Telemetry.config(receiver.endpoint(), dir.resolve("data"), Duration.ofHours(1), 1 << 20),
                    clock, new Random(1), new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1), new Random(1)));
            try {
                r.resolver().addListener(service);
                int trassir = 0;
                int xmeye = 0;
                for (int c = 2; c <= 6; c++) {
                    String source = "127.0.0." + c;
                    secrets.add(source);
                    for (int q = 0; q < 3; q++) {
                        boolean toXmeye = q == 2 && c % 2 == 0;
                        String label = HexFormat.of().formatHex(random.generateSeed(20)) + "-client" + c;
                        String middle = "cam" + q + "x" + HexFormat.of().formatHex(random.generateSeed(6));
                        String name = label + "." + middle + (toXmeye ? ".xmeye.net." : ".cloud.trassir.com.");
                        secrets.add(label);
                        secrets.add(middle);
                        secrets.add(name);
                        secrets.add(name.substring(0, name.length() - 1));
                        Message answer = q == 1
                                ? DnsClient.tcp(r.tcpAddress(), DnsClient.query(name, Type.A), TestResolver.TIMEOUT, InetAddress.getByName(source))
                                : DnsClient.udp(r.udpAddress(), DnsClient.query(name, Type.A), TestResolver.TIMEOUT, InetAddress.getByName(source));
                        assertThat(answer.getHeader().getID()).isNotNegative();
                        if (toXmeye) {
                            xmeye++;
                        } else {
                            trassir++;
                        }
                    }
                }
                // a client that only asks for ordinary names still counts as active
                String plain = "ordinary-" + HexFormat.of().formatHex(random.generateSeed(12)) + ".example.";
                secrets.add("127.0.0.7");
                secrets.add(plain.substring(0, plain.length() - 1));
                try {
                    DnsClient.udp(r.udpAddress(), DnsClient.query(plain, Type.A), Duration.ofSeconds(1), InetAddress.getByName("127.0.0.7"));
                } catch (SocketTimeoutException ignored) {
                    // SERVFAIL or nothing: the black-hole upstream never answers
                }
                int expectedTrassir = trassir;
                int expectedXmeye = xmeye;
                waitFor("all queries counted", WAIT, () -> new String(service.preview()).contains("\"activeClients\":6"));
                service.sealNow();
                waitFor("day one report", WAIT, () -> receiver.reports().size() == 1);
                HitReport one = receiver.reports().get(0);
                assertThat(one.day()).isEqualTo("2026-11-25");
                assertThat(one.activeClients()).isEqualTo(6);
                assertThat(one.hits()).containsExactly(
                        new ReportHit("trassir", "cloud.trassir.com", "qname", expectedTrassir, 5),
                        new ReportHit("xmeye", "xmeye.net", "qname", expectedXmeye, 3));

                // the next UTC day: a new pseudonym
                clock.set(Instant.parse("2026-11-26T00:00:02Z"));
                String label = HexFormat.of().formatHex(random.generateSeed(20));
                String name = label + ".relay.cloud.trassir.com.";
                secrets.add(label);
                secrets.add(name.substring(0, name.length() - 1));
                DnsClient.udp(r.udpAddress(), DnsClient.query(name, Type.A), TestResolver.TIMEOUT, InetAddress.getByName("127.0.0.3"));
                // after midnight delivery waits a random 0 to 5 minutes (at this interval): move past it. The interval
                // may seal the report before sealNow does (the clock jumped past it); either way it goes out once.
                clock.set(Instant.parse("2026-11-26T00:05:05Z"));
                waitFor("day two report", WAIT, () -> {
                    service.sealNow();
                    return receiver.reports().size() == 2;
                });
                HitReport two = receiver.reports().get(1);
                assertThat(two.day()).isEqualTo("2026-11-26");
                assertThat(two.hits()).containsExactly(new ReportHit("trassir", "cloud.trassir.com", "qname", 1, 1));
                assertThat(two.installation()).isNotEqualTo(one.installation());
            } finally {
                service.close();
            }

            String everything = receiver.everything();
            String lower = everything.toLowerCase(Locale.ROOT);
            assertThat(receiver.attempts()).isNotEmpty();
            for (String s : secrets) {
                assertThat(lower).as("sent bytes must not contain %s", s).doesNotContain(s.toLowerCase(Locale.ROOT));
            }
            for (int c = 2; c <= 7; c++) {
                assertThat(lower).doesNotContain(String.format("7f0000%02x", c)).doesNotContain(Integer.toString(0x7f000000 + c));
            }
            assertThat(everything).doesNotContain("relay").doesNotContain("ordinary").doesNotContain("-client");
        }
    }
}

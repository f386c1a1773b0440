package org.camsink.blocklists.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** Each export is loaded by the real program that consumes it. */
class ExportAcceptanceTest {
    @TempDir
    Path dir;

    @Test
    void namedCheckzoneAcceptsTheRpzZone() throws Exception {
        Path zone = write("camsink.rpz", ExportFormat.RPZ, null, "rpz.camsink");
        ExternalTools.Result r = ExternalTools.run(30, ExternalTools.find("named-checkzone", "bind9-utils").toString(),
                "rpz.camsink", zone.toString());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("OK");
    }

    @Test
    void unboundLoadsTheRpzZoneAndEnforcesNameAndIpTriggers() throws Exception {
        Path unbound = ExternalTools.find("unbound", "unbound");
        Path zone = write("camsink.rpz", ExportFormat.RPZ, null, "rpz.camsink");
        // Stands in for the internet: one name resolves into a listed range (192.0.2.0/24), one outside every range.
        try (FixedAnswerServer upstream = new FixedAnswerServer(Map.of(
                "rebrand.upstream.test", "192.0.2.55", "clean.upstream.test", "203.0.113.9"))) {
            int port = freeUdpPort();
            Path conf = dir.resolve("unbound.conf");
            Files.writeString(conf, """
                    server:
                        interface: 127.0.0.1
                        port: %d
                        do-ip6: no
                        do-daemonize: no
                        username: ""
                        chroot: ""
                        directory: "%s"
                        pidfile: "%s"
                        use-syslog: no
                        logfile: ""
                        verbosity: 1
                        num-threads: 1
                        so-reuseport: no
                        access-control: 127.0.0.0/8 allow
                        do-not-query-localhost: no
                        qname-minimisation: no
                        domain-insecure: "upstream.test."
                        # test. is a built-in static (NXDOMAIN) zone; switch that off so only the RPZ decides.
                        local-zone: "test." nodefault
                        module-config: "respip validator iterator"
                    remote-control:
                        control-enable: no
                    stub-zone:
                        name: "upstream.test."
                        stub-addr: 127.0.0.1@%d
                    rpz:
                        name: rpz.camsink.
                        zonefile: "%s"
                        rpz-log: yes
                    """.formatted(port, dir, dir.resolve("unbound.pid"), upstream.port(), zone));
            Process p = new ProcessBuilder(unbound.toString(), "-d", "-c", conf.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("unbound.log").toFile()).start();
            try {
                SimpleResolver resolver = new SimpleResolver(InetAddress.getLoopbackAddress());
                resolver.setAddress(new InetSocketAddress("127.0.0.1", port));
                resolver.setTimeout(Duration.ofSeconds(2));
                Message first = awaitAnswer(resolver, "cloud.trassir.com.", p);
                assertThat(first.getRcode()).as(Files.readString(dir.resolve("unbound.log"))).isEqualTo(Rcode.NXDOMAIN);
                for (String name : new String[] {"m30.ru.cloud.trassir.com.", "relay.example-cam.test.", "x.relay.example-cam.test."}) {
                    assertThat(query(resolver, name).getRcode()).as(name).isEqualTo(Rcode.NXDOMAIN);
                }
                Message clean = query(resolver, "clean.upstream.test.");
                assertThat(clean.getRcode()).as("a name outside every list resolves").isEqualTo(Rcode.NOERROR);
                assertThat(clean.getSection(Section.ANSWER)).extracting(Record::rdataToString).containsExactly("203.0.113.9");
                Message rebrand = query(resolver, "rebrand.upstream.test.");
                assertThat(rebrand.getRcode()).as("an answer inside a listed range hits the rpz-ip trigger")
                        .isEqualTo(Rcode.NXDOMAIN);
                String log = Files.readString(dir.resolve("unbound.log"));
                assertThat(log).contains("rpz: applied cloud.trassir.com. rpz-nxdomain",
                        "rpz: applied *.cloud.trassir.com. rpz-nxdomain",
                        "rpz: applied relay.example-cam.test. rpz-nxdomain",
                        "rpz: applied *.relay.example-cam.test. rpz-nxdomain",
                        "rpz: applied 192.0.2.0/24 rpz-nxdomain 127.0.0.1");
            } finally {
                p.destroy();
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    @Test
    void unboundCheckconfAcceptsTheFragmentInAConfig() throws Exception {
        Path fragment = write("camsink-unbound.conf", ExportFormat.UNBOUND, null, "camsink");
        Path conf = dir.resolve("unbound.conf");
        Files.writeString(conf, """
                server:
                    username: ""
                    chroot: ""
                    directory: "%s"
                    pidfile: "%s"
                include: "%s"
                """.formatted(dir, dir.resolve("u.pid"), fragment));
        ExternalTools.Result r = ExternalTools.run(30,
                ExternalTools.find("unbound-checkconf", "unbound").toString(), conf.toString());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("no errors");
    }

    @Test
    void dnsmasqAcceptsTheConfFile() throws Exception {
        Path conf = write("camsink-dnsmasq.conf", ExportFormat.DNSMASQ, null, "camsink");
        ExternalTools.Result r = ExternalTools.run(30, ExternalTools.find("dnsmasq", "dnsmasq").toString(),
                "--test", "--conf-file=" + conf);
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("syntax check OK");
    }

    @Test
    void nftChecksTheRulesetWithAndWithoutAntiBypass() throws Exception {
        Path nft = ExternalTools.find("nft", "nftables");
        AntiBypass[] variants = {
            null,
            new AntiBypass("192.168.1.2", "br-lan", AntiBypass.Mode.REDIRECT),
            new AntiBypass("192.168.1.2", "eth1", AntiBypass.Mode.DROP),
            new AntiBypass("fd00::53", "br-lan", AntiBypass.Mode.REDIRECT),
        };
        for (int i = 0; i < variants.length; i++) {
            Path file = write("camsink-" + i + ".nft", ExportFormat.NFTABLES, variants[i], "camsink");
            ExternalTools.Result r = ExternalTools.run(30, nft.toString(), "-c", "-f", file.toString());
            assertThat(r.exit()).as(Files.readString(file) + "\n" + r.output()).isZero();
        }
    }

    @Test
    void nftRejectsABrokenRulesetSoTheCheckIsReal() throws Exception {
        Path file = write("camsink.nft", ExportFormat.NFTABLES, null, "camsink");
        Files.writeString(file, Files.readString(file).replace("192.0.2.0/24", "192.0.2.0/33"));
        ExternalTools.Result r = ExternalTools.run(30, ExternalTools.find("nft", "nftables").toString(),
                "-c", "-f", file.toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.output()).contains("Prefix length 33 is invalid");
    }

    private Path write(String name, ExportFormat format, AntiBypass ab, String setName) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, format.exporter().write(ExportFixtures.request(ab, setName)));
        return file;
    }

    private static Message awaitAnswer(SimpleResolver resolver, String name, Process unbound) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (!unbound.isAlive()) {
                throw new AssertionError("unbound exited with " + unbound.exitValue());
            }
            try {
                return query(resolver, name);
            } catch (IOException e) {
                last = e;
                Thread.sleep(200);
            }
        }
        throw new AssertionError("unbound did not answer within 15 s", last);
    }

    private static Message query(SimpleResolver resolver, String name) throws IOException {
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN)));
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}

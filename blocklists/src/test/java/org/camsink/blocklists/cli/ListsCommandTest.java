package org.camsink.blocklists.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code lists} subcommands as a user runs them: real files in, real files out, exit codes. */
class ListsCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ListsCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void checkValidatesTheBundledCatalogue() {
        Run r = run("check");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("bundled catalogue: OK (17 list(s)");
    }

    @Test
    void promoteWritesANewListThatCheckRefusesUntilItsSourceIsCited() throws Exception {
        Path file = dir.resolve("rebrand-vendor.yaml");
        Run r = run("promote", "Rebrand-Test.net.", "--list", "rebrand-vendor", "--out", file.toString(),
                "--reason", "answer 77.88.21.3 for cam.rebrand-test.net is in 77.88.0.0/18 (list country-ru)");
        assertThat(r.exit()).as(r.err()).isZero();
        String text = Files.readString(file);
        assertThat(text).contains("id: rebrand-vendor\n", "  - domain: rebrand-test.net\n",
                "(answer 77.88.21.3 for cam.rebrand-test.net is in 77.88.0.0/18 (list country-ru))");

        Run check = run("check", file.toString());
        assertThat(check.exit()).isEqualTo(1);
        int sourceLine = lineOf(text, "    source:");
        assertThat(check.err()).contains(file + ":" + sourceLine + ": ").contains(file + ":" + lineOf(text, "operatorCountry:"));

        Files.writeString(file, text.replace("\"" + PromoteCommand.SOURCE_PLACEHOLDER + "\"", "https://rebrand-test.net/app-manual")
                .replace("operatorCountry: TODO", "operatorCountry: RO"));
        Run fixed = run("check", file.toString());
        assertThat(fixed.exit()).as(fixed.err()).isZero();
    }

    @Test
    void promoteIntoABundledListPrintsAnEntryThatFitsTheFile() throws Exception {
        Run r = run("promote", "azicloud-test.com", "--list", "aziguard");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("# Add under entries: in aziguard.yaml").contains("  - domain: azicloud-test.com\n")
                .doesNotContain("id: ");
        Path copy = dir.resolve("aziguard.yaml");
        String bundled = org.camsink.blocklists.catalogue.Catalogue.builtinText("aziguard").orElseThrow();
        String withEntry = bundled.stripTrailing().replace("entries: []", "entries:") + "\n"
                + r.out().substring(r.out().indexOf('\n') + 1);
        Files.writeString(copy, withEntry);
        Run check = run("check", copy.toString());
        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.err()).contains(copy + ":" + lineOf(withEntry, "    source: \"TODO") + ": ");
        Files.writeString(copy, withEntry.replace("\"" + PromoteCommand.SOURCE_PLACEHOLDER + "\"", "https://azicloud-test.com/"));
        assertThat(run("check", copy.toString()).exit()).isZero();
    }

    @Test
    void promoteRefusesWhatTheCatalogueRulesForbid() {
        Run listed = run("promote", "m30.cloud.trassir.com", "--list", "trassir");
        assertThat(listed.exit()).isEqualTo(1);
        assertThat(listed.err()).contains("overlaps 'cloud.trassir.com' in bundled list 'trassir'");
        assertThat(run("promote", "cam.s3.amazonaws.com", "--list", "x").err()).contains("shared platform amazonaws.com");
        assertThat(run("promote", "com", "--list", "x").err()).contains("single label");
        assertThat(run("promote", "good-name.com", "--list", "Bad_Id").err()).contains("--list");
    }

    private static int lineOf(String text, String start) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(start)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line starts with " + start);
    }

    @Test
    void checkReportsEveryProblemWithFileAndLineAndFails() {
        Path broken = Path.of("src/test/resources/fixtures/broken");
        Run r = run("check", broken.resolve("cross-a.yaml").toString(), broken.resolve("cross-b.yaml").toString(),
                broken.resolve("bad-cidr.yaml").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains(broken.resolve("cross-b.yaml") + ":9: 'eu.vendorcloud.com' overlaps",
                broken.resolve("bad-cidr.yaml") + ":9: cidr: '192.0.2.1/24' has host bits set");
    }

    @Test
    void checkOfAFormatWithoutAParserSaysSo() throws Exception {
        Path hosts = Files.writeString(dir.resolve("x.hosts"), "0.0.0.0 a.example.com\n");
        // This module has no parser for hosts files; the resolver provides one through ListFileChecker.
        Run r = run("check", hosts.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("no parser for format 'hosts'");
        assertThat(run("check", dir.resolve("x.unknownext").toString()).err()).contains("--format");
    }

    @Test
    void exportDefaultsToTheBlockListsAndWritesTheFile() throws Exception {
        Path out = dir.resolve("camsink.domains");
        Run r = run("export", "--format", "domains", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        String text = Files.readString(out);
        assertThat(text).contains("# lists: trassir (block) aziguard (block) rostelecom-video (block) ufanet-video (block)"
                        + " domru-video (block)\n", "\ncloud.trassir.com\n", "\nvc.key.rt.ru\n")
                .doesNotContain("reolink", "iotcplatform");
        String all = Files.readString(exportTo("all.domains", "--format", "domains", "--lists", "all"));
        assertThat(all).contains("\np2p7.reolink.com\n", "\neasy4ipcloud.com\n");
        String two = Files.readString(exportTo("two.domains", "--format", "domains", "--lists", "xmeye,dahua-imou"));
        assertThat(two).contains("\nsecu100.net\n", "\neasy4ipcloud.com\n").doesNotContain("\ncloud.trassir.com\n");
    }

    @Test
    void exportAddsCountryRangesToAFirewallFormat() throws Exception {
        Path ranges = dir.resolve("ru.cidr");
        Run cr = run("country-ranges", "--rir-file", "src/test/resources/fixtures/country/delegated-test-extended",
                "--country", "RU", "--out", ranges.toString());
        assertThat(cr.exit()).as(cr.err()).isZero();
        assertThat(Files.readAllLines(ranges)).contains("10.0.0.0/23", "10.0.2.0/24", "2001:db8::/32")
                .first().asString().startsWith("# camsink country ranges: RU");
        String ipset = Files.readString(exportTo("ru.ipset", "--format", "ipset", "--cidr-file", ranges.toString()));
        assertThat(ipset).contains("add camsink-v4 10.0.0.0/23 -exist", "add camsink-v6 2001:db9:100::/40 -exist");
    }

    @Test
    void exportRejectsBadOptionsClearly() {
        assertThat(run("export", "--format", "bind").err()).contains("unknown format 'bind'; one of rpz, hosts");
        assertThat(run("export", "--format", "hosts", "--anti-bypass", "--dns-server", "10.0.0.2").err())
                .contains("--anti-bypass works with --format nftables or mikrotik");
        assertThat(run("export", "--format", "nftables", "--anti-bypass").err()).contains("needs --dns-server");
        Run broken = run("export", "--format", "hosts", "--lists",
                "block,src/test/resources/fixtures/broken/shared-platform.yaml", "--out", dir.resolve("x").toString());
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.err()).contains("not exporting", "shared-platform.yaml:9: domain 'cloudfront.net' would block");
        assertThat(dir.resolve("x")).doesNotExist();
        Run unknown = run("export", "--format", "hosts", "--lists", "nosuchlist");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("no bundled list 'nosuchlist'");
    }

    @Test
    void keygenSignVerifyRoundTripAndTamperDetection() throws Exception {
        Path keys = dir.resolve("keys");
        assertThat(run("keygen", "--out-dir", keys.toString()).exit()).isZero();
        Path priv = keys.resolve("camsink-lists.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(priv))).isEqualTo("rw-------");
        assertThat(run("keygen", "--out-dir", keys.toString()).exit()).as("never overwrites keys").isEqualTo(1);

        Path list = exportTo("camsink.rpz", "--format", "rpz");
        Run sign = run("sign", "--key", priv.toString(), "--in", list.toString(), "--version", "7", "--date", "2026-12-03");
        assertThat(sign.exit()).as(sign.err()).isZero();
        assertThat(sign.out()).contains("version 7 of 2026-12-03");
        assertThat(Files.readString(list.resolveSibling("camsink.rpz.sig")))
                .startsWith("camsink-signature: 2\nversion: 7\ndate: 2026-12-03\nsha256: ");
        String pub = keys.resolve("camsink-lists.pub").toString();
        assertThat(run("verify", "--pub", pub, "--in", list.toString()).exit()).isZero();
        String pubText = Files.readString(Path.of(pub)).strip();
        assertThat(run("verify", "--pub", pubText, "--in", list.toString()).out()).contains("signature OK, version 7 of 2026-12-03");

        Files.writeString(list, Files.readString(list) + "evil.example.com CNAME .\n");
        Run tampered = run("verify", "--pub", pub, "--in", list.toString());
        assertThat(tampered.exit()).isEqualTo(1);
        assertThat(tampered.err()).contains("signature INVALID");
    }

    private Path exportTo(String name, String... args) {
        Path out = dir.resolve(name);
        String[] all = new String[args.length + 3];
        all[0] = "export";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--out";
        all[args.length + 2] = out.toString();
        Run r = run(all);
        assertThat(r.exit()).as(r.err()).isZero();
        return out;
    }
}

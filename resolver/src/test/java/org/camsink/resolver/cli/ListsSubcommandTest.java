package org.camsink.resolver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code camsink lists ...} is reachable from the main command line and keeps its exit codes. */
class ListsSubcommandTest {
    @TempDir
    Path dir;

    @Test
    void listsCheckValidatesTheBundledCatalogue() {
        assertThat(Main.execute("lists", "check")).isZero();
    }

    @Test
    void listsCheckFailsOnABrokenCatalogueFile() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), """
                id: bad
                vendor: Example
                products: [Example]
                operatorCountry: RU
                action: sinkhole
                reviewed: 2025-01-01
                why: test
                entries: []
                """);
        assertThat(Main.execute("lists", "check", bad.toString())).isEqualTo(1);
    }

    @Test
    void listsCheckReadsOtherFormatsWithTheResolversParsers() throws Exception {
        Path rpz = dir.resolve("camsink.rpz");
        assertThat(Main.execute("lists", "export", "--format", "rpz", "--lists", "all", "--out", rpz.toString())).isZero();
        assertThat(Main.execute("lists", "check", rpz.toString())).isZero();
        Path hosts = Files.writeString(dir.resolve("x.hosts"), "0.0.0.0 ok.example.com\n0.0.0.0 bad_name..example\n");
        assertThat(Main.execute("lists", "check", hosts.toString())).isEqualTo(1);
        Path adblock = Files.writeString(dir.resolve("x.txt"), "||ok.example.com^\nexample.com##.banner\n");
        assertThat(Main.execute("lists", "check", "--format", "adblock", adblock.toString()))
                .as("a cosmetic rule is a warning, not a failure").isZero();
    }

    @Test
    void listsExportWritesAFile() throws Exception {
        Path out = dir.resolve("camsink.rpz");
        assertThat(Main.execute("lists", "export", "--format", "rpz", "--out", out.toString())).isZero();
        assertThat(Files.readString(out)).contains("cloud.trassir.com\tCNAME\t.");
    }
}

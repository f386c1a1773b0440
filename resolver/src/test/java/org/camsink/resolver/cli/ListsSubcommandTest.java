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
    void listsExportWritesAFile() throws Exception {
        Path out = dir.resolve("camsink.rpz");
        assertThat(Main.execute("lists", "export", "--format", "rpz", "--out", out.toString())).isZero();
        assertThat(Files.readString(out)).contains("cloud.trassir.com\tCNAME\t.");
    }
}

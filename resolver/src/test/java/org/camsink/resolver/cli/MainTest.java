package org.camsink.resolver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @Test
    void plainRunFormsSkipPicocliAndKeepTheConfigPath() {
        assertThat(Main.plainRun("run").config).isNull();
        assertThat(Main.plainRun("run", "-c", "a.yaml").config).isEqualTo(Path.of("a.yaml"));
        assertThat(Main.plainRun("run", "--config", "/etc/camsink/camsink.yaml").config)
                .isEqualTo(Path.of("/etc/camsink/camsink.yaml"));
        assertThat(Main.plainRun("run", "--config=b.yaml").config).isEqualTo(Path.of("b.yaml"));
    }

    @Test
    void everythingElseGoesThroughPicocli() {
        assertThat(Main.plainRun()).isNull();
        assertThat(Main.plainRun("check-config", "a.yaml")).isNull();
        assertThat(Main.plainRun("run", "--help")).isNull();
        assertThat(Main.plainRun("run", "-V")).isNull();
        assertThat(Main.plainRun("run", "--config")).isNull();
        assertThat(Main.plainRun("run", "--config=")).isNull();
        assertThat(Main.plainRun("run", "-c", "--help")).isNull();
        assertThat(Main.plainRun("run", "-c", "a.yaml", "extra")).isNull();
    }

    @Test
    void aBadConfigOnTheDirectPathStillExitsOneWithTheKeyAndLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("camsink.yaml");
        Files.writeString(file, "listen: [\"127.0.0.1:0\"]\nnoSuchKey: 1\n");
        PrintStream before = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            code = Main.execute("run", "--config", file.toString());
        } finally {
            System.setErr(before);
        }
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("noSuchKey").contains("2");
    }
}

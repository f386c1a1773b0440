package org.camsink.resolver.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.camsink.resolver.testing.JvmOptions;
import org.junit.jupiter.api.Test;

/**
 * The resolver's JVM flags live in one file, {@code src/main/dist/jvm.options}. The launcher, the systemd unit and
 * the benchmark scripts read it instead of keeping copies, so the flags measured are the flags shipped.
 */
class JvmOptionsFileTest {
    private static final Path OPTIONS = Path.of("src/main/dist/jvm.options");
    private static final Path UNIT = Path.of("src/main/dist/camsink.service");
    private static final Path LAUNCHER = Path.of("../camsink");
    /** A JVM flag written out in a file that should name the options file instead. */
    private static final Pattern FLAG = Pattern.compile("(?<![\\w-])-(XX:[+-]?\\w|Xm[xsn]\\d|Xss\\d|Djdk\\.nio)");

    @Test
    void theJvmAcceptsEveryFlagInTheFile() throws Exception {
        List<String> flags = JvmOptions.read(OPTIONS);
        assertThat(flags).contains("-XX:+UseSerialGC", "-Xmx256m", "-XX:+ExitOnOutOfMemoryError");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // the way the launcher and the unit pass it: as an @argument file, comments and all
        Process p = new ProcessBuilder(java.toString(), "@" + OPTIONS.toAbsolutePath(), "-XX:+PrintCommandLineFlags",
                "-version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("-XX:+UseSerialGC", "-XX:MaxHeapSize=268435456", "-XX:-UsePerfData");
    }

    @Test
    void theUnitStartsJavaWithTheFileAndNoFlagsOfItsOwn() throws IOException {
        String execStart = Files.readAllLines(UNIT).stream().filter(l -> l.startsWith("ExecStart=")).findFirst()
                .orElseThrow();
        assertThat(execStart).startsWith("ExecStart=/usr/bin/java @/opt/camsink/jvm.options -jar ");
        assertThat(FLAG.matcher(execStart).find()).as(execStart).isFalse();
    }

    @Test
    void theLauncherAndTheBenchmarksReadTheFileAndKeepNoCopy() throws IOException {
        for (Path script : List.of(LAUNCHER, Path.of("../bench/run.sh"), Path.of("../bench/ab.sh"))) {
            String text = Files.readString(script);
            assertThat(text).as(script.toString()).contains("resolver/src/main/dist/jvm.options");
            for (String flag : JvmOptions.read(OPTIONS)) {
                assertThat(text).as(script + " repeats " + flag).doesNotContain(flag + " ");
            }
        }
    }
}

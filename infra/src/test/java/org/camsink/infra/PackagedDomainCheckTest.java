package org.camsink.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.camsink.report.RegistrableDomain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployed jar carries only the part of Guava that the rebrand-candidate check loads (lambda/pom.xml says
 * which). This runs that check from the jar alone over a few thousand names of every shape and asks that each
 * answer equal the full library's here, and that no class is missing.
 */
class PackagedDomainCheckTest {

    private static final String[] SUFFIXES = {"com", "co.uk", "uk", "blogspot.com", "city.kawasaki.jp",
        "kawasaki.jp", "ck", "www.ck", "github.io", "com.ua", "ru", "xn--p1ai", "lan", "home.arpa", "s3.amazonaws.com",
        "appspot.com", "de", "", "."};
    private static final String[] LABELS = {"cam", "trassir", "a", "xn--80ak6aa92e", "Cloud", "-bad", "bad-",
        "x_y", "ÄÖ", "very-long-label-very-long-label-very-long-label-very-long-label-", "1", "*", "www", ""};

    @Test
    void theTrimmedJarFindsTheSameRegistrableDomainsAsTheFullLibrary(@TempDir Path tmp) throws Exception {
        List<String> names = new ArrayList<>(List.of("cam.example.co.uk", "x.blogspot.com", "nas.lan", "com",
                "a.b.c.trassir.com.", "foo.ck", "www.ck", "bad..name", "", ".", "a".repeat(300) + ".com"));
        Random random = new Random(20261203);
        for (int i = 0; i < 3000; i++) {
            StringBuilder n = new StringBuilder();
            for (int labels = random.nextInt(4); labels > 0; labels--) {
                n.append(LABELS[random.nextInt(LABELS.length)]).append('.');
            }
            names.add(n.append(SUFFIXES[random.nextInt(SUFFIXES.length)]).toString());
        }
        Path in = tmp.resolve("names.txt");
        Files.write(in, names, StandardCharsets.UTF_8);

        List<String> expected = names.stream().map(n -> String.valueOf(RegistrableDomain.of(n))).toList();
        assertThat(expected).as("the sample reaches both answers").contains("null", "example.co.uk");

        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        String testClasses = Path.of(DomainProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", LambdaArtifact.jar() + java.io.File.pathSeparator + testClasses,
                DomainProbe.class.getName(), in.toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("probe finished").isTrue();
        assertThat(p.exitValue()).as("probe exit status; stderr:%n%s", Files.readString(err)).isZero();
        assertThat(Files.readAllLines(out, StandardCharsets.UTF_8)).containsExactlyElementsOf(expected);
    }
}

package org.camsink.resolver.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.camsink.report.HitReport;
import org.camsink.report.ReportCodec;
import org.camsink.report.ReportException;
import org.junit.jupiter.api.Test;

/** The report module's golden examples, read from its test-jar: the resolver links against the same contract. */
class GoldenReportsTest {
    private final ReportCodec codec = new ReportCodec();

    /** The files of a golden folder, from its {@code index.txt} (the folder may sit inside a jar). */
    private static List<String> golden(String folder) throws Exception {
        try (InputStream in = GoldenReportsTest.class.getResourceAsStream("/golden/" + folder + "/index.txt")) {
            assertThat(in).as("/golden/%s/index.txt from the camsink-report test-jar", folder).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private static byte[] read(String folder, String name) throws Exception {
        try (InputStream in = GoldenReportsTest.class.getResourceAsStream("/golden/" + folder + "/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void goldenExamplesMeanTheSameHere() throws Exception {
        List<String> valid = golden("valid");
        assertThat(valid).hasSizeGreaterThanOrEqualTo(10);
        for (String name : valid) {
            HitReport r = codec.decode(read("valid", name));
            assertThat(codec.decode(codec.encode(r))).as("%s survives a round trip", name).isEqualTo(r);
        }
        Properties expected = new Properties();
        try (InputStream in = GoldenReportsTest.class.getResourceAsStream("/golden/invalid/expected.properties")) {
            expected.load(in);
        }
        List<String> invalid = golden("invalid");
        assertThat(invalid).hasSizeGreaterThanOrEqualTo(40);
        for (String name : invalid) {
            try {
                codec.decode(read("invalid", name));
                fail("%s was accepted", name);
            } catch (ReportException e) {
                assertThat(e.path()).as(name).isEqualTo(expected.getProperty(name));
            }
        }
    }
}

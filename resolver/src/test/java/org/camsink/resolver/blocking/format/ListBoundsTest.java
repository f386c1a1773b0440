package org.camsink.resolver.blocking.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.camsink.resolver.config.Config.ListFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile list files: huge lines, huge $ORIGIN, names over 255 octets. Each is one short problem, never a crash. */
class ListBoundsTest {
    @TempDir
    Path dir;

    /** Writes {@code before}, then {@code fill} repeated to {@code bytes}, then {@code after}, streaming. */
    private Path write(String name, String before, char fill, long bytes, String after) throws IOException {
        Path file = dir.resolve(name);
        byte[] piece = String.valueOf(fill).repeat(1 << 16).getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(before.getBytes(StandardCharsets.UTF_8));
            for (long left = bytes; left > 0; left -= piece.length) {
                out.write(piece, 0, (int) Math.min(piece.length, left));
            }
            out.write(after.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    @Test
    void aTenMegabyteOriginIsOneShortProblemAndTheZoneStillLoads() throws IOException {
        Path file = write("huge-origin.rpz", "$TTL 300\n@ SOA localhost. root.localhost. 1 1h 15m 30d 2h\n$ORIGIN ", 'a',
                10L << 20, ".rpz.test.\ncloud.trassir.com CNAME .\n*.vendor.test CNAME .\n");
        ListContent c = ListFormats.read(null, file, file.toString());
        assertThat(c.domains().size()).isEqualTo(2);
        assertThat(c.invalidLines()).isEqualTo(1);
        assertThat(c.problems()).containsExactly(file + ":3: line longer than " + ListInput.MAX_LINE + " bytes, skipped");
    }

    @Test
    void anOriginOverTwoHundredFiftyFiveOctetsIsRefusedAndTheOldOneStays() {
        String labels = ("x".repeat(60) + ".").repeat(5); // 305 characters
        String zone = "$ORIGIN rpz.test.\n$ORIGIN " + labels + "\nbad.test CNAME .\n$ORIGIN " + "y".repeat(64)
                + "\nrelative CNAME .\n";
        ListContent c = ListFormats.parse(ListFormat.RPZ, zone.getBytes(StandardCharsets.UTF_8), "z.rpz");
        assertThat(c.domains().lookup("bad.test")).isGreaterThanOrEqualTo(0);
        assertThat(c.domains().lookup("relative")).isGreaterThanOrEqualTo(0);
        assertThat(c.invalidLines()).isEqualTo(2);
        assertThat(c.problems()).hasSize(2);
        assertThat(c.problems().get(0)).startsWith("z.rpz:2: $ORIGIN: '").contains("is longer than a domain name can be (255 octets)")
                .endsWith("the origin stays rpz.test");
        assertThat(c.problems().get(1)).startsWith("z.rpz:4: $ORIGIN: ").contains("label longer than 63");
        assertThat(c.problems()).allSatisfy(p -> assertThat(p.length()).isLessThan(250));
    }

    @Test
    void namesOverTwoHundredFiftyFiveOctetsAreInvalidInEveryFormatWithAShortMessage() {
        String name = ("a".repeat(50) + ".").repeat(6) + "test"; // 310 characters
        String huge = "b".repeat(40_000) + ".test";
        for (ListFormat f : new ListFormat[] {ListFormat.DOMAINS, ListFormat.HOSTS, ListFormat.ADBLOCK, ListFormat.RPZ,
                ListFormat.DNSMASQ}) {
            String text = switch (f) {
                case HOSTS -> "0.0.0.0 " + name + "\n0.0.0.0 " + huge + "\n0.0.0.0 ok.test\n";
                case ADBLOCK -> "||" + name + "^\n||" + huge + "^\n||ok.test^\n";
                case RPZ -> name + ". CNAME .\n" + huge + ". CNAME .\nok.test CNAME .\n";
                case DNSMASQ -> "address=/" + name + "/\naddress=/" + huge + "/\naddress=/ok.test/\n";
                default -> name + "\n" + huge + "\nok.test\n";
            };
            ListContent c = ListFormats.parse(f, text.getBytes(StandardCharsets.UTF_8), "l");
            assertThat(c.domains().size()).as(f.name()).isEqualTo(1);
            assertThat(c.invalidLines()).as(f.name()).isEqualTo(2);
            assertThat(c.problems()).as(f.name()).allSatisfy(p -> assertThat(p.length()).isLessThan(250));
        }
    }
}

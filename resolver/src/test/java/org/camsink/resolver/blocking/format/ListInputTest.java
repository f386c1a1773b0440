package org.camsink.resolver.blocking.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.camsink.resolver.blocking.DomainSet;
import org.camsink.resolver.config.Config.ListFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A list file read a piece at a time gives the very lines, numbers and rules that the whole file in memory gives. */
class ListInputTest {
    @TempDir
    Path dir;

    /** Lines of every shape, many times the size of one piece, so line ends fall everywhere across pieces. */
    private static String bigList() {
        StringBuilder sb = new StringBuilder("\uFEFF# header\r\n");
        for (int i = 0; i < 40_000; i++) {
            switch (i % 9) {
                case 0 -> sb.append("Host").append(i).append(".Example.COM\r\n");
                case 1 -> sb.append("   \t\n");
                case 2 -> sb.append("bad name ").append(i).append('\n');
                case 3 -> sb.append("*.wild").append(i).append(".test # note\n");
                case 4 -> sb.append("bücher").append(i).append(".test\n");
                case 5 -> sb.append("x".repeat(70)).append(".").append(i).append(".test\n");
                default -> sb.append("d").append(i).append(".test\n");
            }
        }
        sb.append("last.line.without.newline.test");
        return sb.toString();
    }

    private static List<String> rawLines(ListInput in) throws IOException {
        List<String> out = new ArrayList<>();
        in.forEachRaw((n, b, from, to) -> out.add(n + ":" + new String(b, from, to - from, StandardCharsets.UTF_8)));
        return out;
    }

    private static List<String> textLines(ListInput in, boolean keepIndent) throws IOException {
        List<String> out = new ArrayList<>();
        in.forEach(keepIndent, (n, line) -> out.add(n + ":" + line));
        return out;
    }

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("list.txt"), text, StandardCharsets.UTF_8);
    }

    @Test
    void aFileReadInPiecesGivesTheSameLinesAsTheBytesInMemory() throws IOException {
        String text = bigList();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThat(bytes.length).isGreaterThan(8 * ListInput.CHUNK);
        Path file = write(text);

        List<String> expected = rawLines(ListInput.of(bytes));
        try (ListInput in = ListInput.open(file)) {
            assertThat(rawLines(in)).isEqualTo(expected);
        }
        assertThat(expected.getFirst()).isEqualTo("1:# header");
        assertThat(expected.getLast()).isEqualTo("40002:last.line.without.newline.test");
        try (ListInput in = ListInput.open(file)) {
            assertThat(textLines(in, true)).isEqualTo(textLines(ListInput.of(bytes), true))
                    .contains("6:bücher4.test", "40002:last.line.without.newline.test");
        }
    }

    @Test
    void aLineLongerThanTheLimitIsSkippedAndReportedNeverHeld() throws IOException {
        String longLine = "a".repeat(3 * ListInput.CHUNK + 17);
        String atLimit = "b".repeat(ListInput.MAX_LINE);
        String text = "first.test\n" + longLine + "\nthird.test\n" + atLimit + "\n" + "c".repeat(ListInput.MAX_LINE + 1)
                + "\nsixth.test\n" + longLine;
        List<Integer> reported = new ArrayList<>();
        List<String> lines;
        try (ListInput in = ListInput.open(write(text))) {
            in.onLongLine(reported::add);
            lines = rawLines(in);
        }
        assertThat(lines).containsExactly("1:first.test", "3:third.test", "4:" + atLimit, "6:sixth.test");
        assertThat(reported).containsExactly(2, 5, 7);

        List<Integer> inMemory = new ArrayList<>();
        ListInput bytes = ListInput.of(text.getBytes(StandardCharsets.UTF_8));
        bytes.onLongLine(inMemory::add);
        assertThat(rawLines(bytes)).isEqualTo(lines);
        assertThat(inMemory).isEqualTo(reported);
    }

    @Test
    void anEmptyFileHasNoLines() throws IOException {
        try (ListInput in = ListInput.open(write(""))) {
            assertThat(rawLines(in)).isEmpty();
        }
        assertThat(rawLines(ListInput.of("\uFEFF\n\n".getBytes(StandardCharsets.UTF_8)))).isEmpty();
    }

    /** The streamed parse reports the same problems with the same file:line and builds the same rules. */
    @Test
    void parsingAFileMatchesParsingItsBytes() throws IOException {
        String text = bigList();
        Path file = write(text);
        ListContent fromBytes = ListFormats.parse(ListFormat.DOMAINS, text.getBytes(StandardCharsets.UTF_8), "l.txt");
        ListContent fromFile = ListFormats.read(ListFormat.DOMAINS, file, "l.txt");
        assertThat(fromFile.problems()).isEqualTo(fromBytes.problems()).isNotEmpty();
        assertThat(fromFile.problems().getFirst()).isEqualTo("l.txt:4: expected one domain name per line, got 'bad name 2'");
        assertThat(fromFile.invalidLines()).isEqualTo(fromBytes.invalidLines()).isEqualTo(4444 + 4445);
        assertThat(fromFile.domains().size()).isEqualTo(fromBytes.domains().size());
        for (String q : List.of("a.host9.example.com", "wild12.test", "x.wild39993.test", "xn--bcher4-3ya.test",
                "d39998.test", "last.line.without.newline.test", "host10.example.com", "d7.test.example")) {
            assertThat(matches(fromFile.domains(), q)).as(q).isEqualTo(matches(fromBytes.domains(), q));
        }
        assertThat(matches(fromFile.domains(), "xn--bcher4-3ya.test")).isTrue();
        assertThat(matches(fromFile.domains(), "host10.example.com")).isFalse();
    }

    /** A line of white space that only Unicode calls blank is skipped like an empty one, in every line format. */
    @Test
    void linesOfUnicodeWhiteSpaceAreSkippedInEveryFormat() throws IOException {
        Path file = write("a.test\n\u000B\n\u3000\u2003\nb.test\n");
        for (ListFormat f : List.of(ListFormat.DOMAINS, ListFormat.ADBLOCK)) {
            ListContent c = ListFormats.read(f, file, "ws.txt");
            assertThat(c.problems()).as(f.name()).isEmpty();
            assertThat(c.domains().size()).as(f.name()).isEqualTo(2);
        }
        for (ListFormat f : List.of(ListFormat.HOSTS, ListFormat.CIDR, ListFormat.RPZ)) {
            ListContent c = ListFormats.read(f, file, "ws.txt");
            assertThat(c.problems()).as(f.name()).allMatch(p -> p.startsWith("ws.txt:1: ") || p.startsWith("ws.txt:4: "));
        }
    }

    @Test
    void theLineEstimateFollowsTheFirstPiece() throws IOException {
        Path file = write("abcdefghi.test\n".repeat(100_000));
        try (ListInput in = ListInput.open(file)) {
            assertThat(in.estimatedLines()).as("a little over the real count").isBetween(100_000, 103_000);
        }
        assertThat(ListInput.of("a.test\nb.test\nc.test".getBytes(StandardCharsets.UTF_8)).estimatedLines()).isEqualTo(3);
    }

    private static boolean matches(DomainSet set, String name) {
        return set.lookup(name) >= 0;
    }
}

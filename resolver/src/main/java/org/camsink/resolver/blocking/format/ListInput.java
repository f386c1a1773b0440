package org.camsink.resolver.blocking.format;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A list's bytes, read once from the start in pieces of {@link #CHUNK} bytes, so a big file is never held whole:
 * only the piece being parsed and the rules built from it are in memory. Lines are split on {@code \n} (a
 * {@code \r} before it is trimmed) and numbered from 1; a UTF-8 byte order mark at the start is skipped. A line
 * longer than {@link #MAX_LINE} bytes is never held: it is read past to its end and reported to
 * {@link #onLongLine}, and the parsers never see it, so a hostile list cannot make one line take the heap.
 */
public final class ListInput implements Closeable {
    /** How much is read at a time; also how much the format detection and the size estimate look at. */
    static final int CHUNK = 64 * 1024;
    /** The longest line a parser is given, in bytes (without the line end). */
    public static final int MAX_LINE = CHUNK - 1;

    private final InputStream in;
    private final long size;
    private byte[] buf;
    private int start;
    private int end;
    private boolean eof;
    private boolean used;
    private java.util.function.IntConsumer longLine = n -> { };

    private ListInput(InputStream in, long size, byte[] buf, int end, boolean eof) {
        this.in = in;
        this.size = size;
        this.buf = buf;
        this.end = end;
        this.eof = eof;
        if (end >= 3 && (buf[0] & 0xFF) == 0xEF && (buf[1] & 0xFF) == 0xBB && (buf[2] & 0xFF) == 0xBF) {
            start = 3;
        }
    }

    /** A list already in memory (a download, a test). */
    public static ListInput of(byte[] data) {
        return new ListInput(InputStream.nullInputStream(), data.length, data, data.length, true);
    }

    /** Opens a file; the first piece is read now. */
    public static ListInput open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            long size = Files.size(file);
            byte[] buf = new byte[CHUNK];
            int n = in.readNBytes(buf, 0, CHUNK);
            return new ListInput(in, size, buf, n, n < CHUNK);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Who is told the number of each line longer than {@link #MAX_LINE}, which is skipped. */
    void onLongLine(java.util.function.IntConsumer handler) {
        this.longLine = handler;
    }

    /** The first bytes (up to {@link #CHUNK}), for format detection. Only before the lines are walked. */
    byte[] head() {
        return Arrays.copyOfRange(buf, 0, Math.min(end, CHUNK));
    }

    /**
     * About how many lines the list has: its size divided by the average line length of the first piece (exact
     * when the list fits in one piece). A size hint for the rule tables.
     */
    int estimatedLines() {
        int lines = 0;
        int n = Math.min(end, CHUNK);
        for (int i = 0; i < n; i++) {
            lines += buf[i] == '\n' ? 1 : 0;
        }
        if (eof && end == n) {
            return lines + 1;
        }
        double perLine = lines == 0 ? n : n / (double) lines;
        // 2% over: a tail with slightly longer lines then needs no bigger array while loading
        return (int) Math.min(Integer.MAX_VALUE - 8, (long) (size / perLine * 1.02) + 16);
    }

    /** The whole content as one stream, for formats read by a library (catalogue YAML). */
    InputStream stream() {
        start();
        return new SequenceInputStream(new ByteArrayInputStream(buf, 0, end), in);
    }

    /** Walks every line, not blank once trimmed, as a byte range of the buffer, trimmed of blanks and {@code \r}. */
    void forEachRaw(Lines.RawHandler handler) throws IOException {
        walk((number, b, from, to) -> {
            while (from < to && Lines.isBlank(b[from])) {
                from++;
            }
            while (to > from && Lines.isBlank(b[to - 1])) {
                to--;
            }
            if (to > from) {
                handler.line(number, b, from, to);
            }
        });
    }

    /**
     * Walks every line that is not blank once stripped, decoded as UTF-8 and stripped; with {@code keepIndent} it
     * keeps its leading white space (zone files use it to mean "same owner as before").
     */
    void forEach(boolean keepIndent, Lines.Handler handler) throws IOException {
        walk((number, b, from, to) -> {
            String line = new String(b, from, to - from, StandardCharsets.UTF_8);
            String stripped = line.strip();
            if (!stripped.isEmpty()) {
                handler.line(number, keepIndent ? line.stripTrailing() : stripped);
            }
        });
    }

    /** Calls the handler for every line, blank ones included, without the {@code \n}; long lines are skipped. */
    private void walk(Lines.RawHandler each) throws IOException {
        start();
        Lines.RawHandler handler = (number, b, from, to) -> {
            if (to - from > MAX_LINE) {
                longLine.accept(number);
            } else {
                each.line(number, b, from, to);
            }
        };
        int number = 0;
        int scan = start;
        while (true) {
            number = lines(handler, number, scan);
            if (eof) {
                if (start < end) {
                    handler.line(++number, buf, start, end);
                }
                return;
            }
            if (end - start > MAX_LINE) {
                longLine.accept(++number);
                scan = skipLine();
            } else {
                scan = fill();
            }
        }
    }

    /**
     * Drops the unfinished line that fills the buffer and reads on, a piece at a time, past its end. Leaves the
     * buffer holding what follows the line end; returns where the search for the next line end starts.
     */
    private int skipLine() throws IOException {
        while (true) {
            int n = in.readNBytes(buf, 0, buf.length);
            eof = n < buf.length;
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    start = i + 1;
                    end = n;
                    return start;
                }
            }
            if (eof) {
                start = 0;
                end = 0;
                return 0;
            }
        }
    }

    /**
     * Calls the handler for every whole line in the buffer, searching for the first line's end from {@code scan};
     * leaves {@link #start} at the unfinished rest. Returns the last line number. A method per piece (rather than
     * one loop over the file) lets the JIT compile it whole after the first few pieces.
     */
    private int lines(Lines.RawHandler handler, int number, int scan) {
        byte[] b = buf;
        int from = start;
        int limit = end;
        int nl = scan;
        while (true) {
            while (nl < limit && b[nl] != '\n') {
                nl++;
            }
            if (nl == limit) {
                start = from;
                return number;
            }
            handler.line(++number, b, from, nl);
            from = nl + 1;
            nl = from;
        }
    }

    /**
     * Keeps the unfinished line, moved to the front, and reads the next piece after it. Returns where the search for the line's end goes on.
     */
    private int fill() throws IOException {
        int kept = end - start; // at most MAX_LINE, so the buffer always has room for more
        System.arraycopy(buf, start, buf, 0, kept);
        start = 0;
        end = kept;
        int n = in.readNBytes(buf, end, buf.length - end);
        end += n;
        eof = end < buf.length;
        return kept;
    }

    private void start() {
        if (used) {
            throw new IllegalStateException("a list input is read once");
        }
        used = true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

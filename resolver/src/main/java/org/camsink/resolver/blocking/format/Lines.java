package org.camsink.resolver.blocking.format;

import java.nio.charset.StandardCharsets;

/** Walks a list file line by line, numbering from 1. */
final class Lines {
    @FunctionalInterface
    interface Handler {
        void line(int number, String text);
    }

    /** A line as a byte range of the file, trimmed of spaces, tabs and {@code \r}; never empty. */
    @FunctionalInterface
    interface RawHandler {
        void line(int number, byte[] data, int from, int to);
    }

    private Lines() {}

    /**
     * Walks lines as byte ranges without decoding them, for the formats that big lists use. A UTF-8 byte order
     * mark at the start is skipped.
     */
    static void forEachRaw(byte[] data, RawHandler handler) {
        int from = data.length >= 3 && (data[0] & 0xFF) == 0xEF && (data[1] & 0xFF) == 0xBB && (data[2] & 0xFF) == 0xBF
                ? 3 : 0;
        int number = 0;
        while (from < data.length) {
            int nl = from;
            while (nl < data.length && data[nl] != '\n') {
                nl++;
            }
            number++;
            int s = from;
            int e = nl;
            while (s < e && isBlank(data[s])) {
                s++;
            }
            while (e > s && isBlank(data[e - 1])) {
                e--;
            }
            if (e > s) {
                handler.line(number, data, s, e);
            }
            from = nl + 1;
        }
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\f';
    }

    /** The text of a byte range, for the careful path. */
    static String text(byte[] data, int from, int to) {
        return new String(data, from, to - from, StandardCharsets.UTF_8).strip();
    }

    /** Calls the handler for every line that is not blank once trimmed; {@code \r\n} endings are accepted. */
    static void forEach(byte[] data, Handler handler) {
        forEach(data, false, handler);
    }

    /**
     * Like {@link #forEach(byte[], Handler)}; with {@code keepIndent} the line keeps its leading white space
     * (zone files use it to mean "same owner as before").
     */
    static void forEach(byte[] data, boolean keepIndent, Handler handler) {
        String text = new String(data, StandardCharsets.UTF_8);
        int from = text.startsWith("\uFEFF") ? 1 : 0;
        int number = 0;
        while (from < text.length()) {
            int nl = text.indexOf('\n', from);
            int end = nl < 0 ? text.length() : nl;
            number++;
            String line = text.substring(from, end);
            String stripped = line.strip();
            if (!stripped.isEmpty()) {
                handler.line(number, keepIndent ? line.stripTrailing() : stripped);
            }
            from = end + 1;
        }
    }

    /** Cuts an inline comment that starts with {@code #} (at the start or after white space). */
    static String cutHash(String line) {
        int i = line.indexOf('#');
        while (i > 0 && !Character.isWhitespace(line.charAt(i - 1))) {
            i = line.indexOf('#', i + 1);
        }
        return i < 0 ? line : line.substring(0, i).strip();
    }

    /** Splits on runs of spaces and tabs. */
    static java.util.List<String> tokens(String line) {
        java.util.List<String> out = new java.util.ArrayList<>(4);
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && isBlank(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isBlank(line.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(line.substring(start, i));
            }
        }
        return out;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    static boolean looksLikeAddress(String token) {
        if (token.indexOf(':') >= 0) {
            return true;
        }
        int dots = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                dots++;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        return dots == 3;
    }
}

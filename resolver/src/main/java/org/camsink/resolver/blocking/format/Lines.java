package org.camsink.resolver.blocking.format;

import java.nio.charset.StandardCharsets;

/** Line helpers for the parsers; {@link ListInput} walks the lines. */
final class Lines {
    @FunctionalInterface
    interface Handler {
        void line(int number, String text);
    }

    /** A line as a byte range of the buffer; {@link ListInput#forEachRaw} trims it and never passes an empty one. */
    @FunctionalInterface
    interface RawHandler {
        void line(int number, byte[] data, int from, int to);
    }

    private Lines() {}

    static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\f';
    }

    /** The text of a byte range, for the careful path. */
    static String text(byte[] data, int from, int to) {
        return new String(data, from, to - from, StandardCharsets.UTF_8).strip();
    }

    /** Calls the handler for every line of a buffer that is not blank once stripped (see {@link ListInput}). */
    static void forEach(byte[] data, Handler handler) {
        try {
            ListInput.of(data).forEach(false, handler);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
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

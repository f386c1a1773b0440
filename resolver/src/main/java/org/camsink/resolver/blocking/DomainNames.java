package org.camsink.resolver.blocking;

import java.net.IDN;
import java.security.SecureRandom;

/**
 * Normalizes list entries to lower-case ASCII names without a trailing dot, and hashes name suffixes.
 *
 * <p>The hash of a suffix is built label by label from the right, so that one right-to-left walk over a query
 * name yields the hash of every suffix in turn. Each label contributes its length and its lower-cased bytes, which
 * makes the encoding unambiguous. The seed is random per process, so nobody outside can aim a name at a chosen
 * hash.
 */
public final class DomainNames {
    private static final long SEED = new SecureRandom().nextLong() | 1L;
    static final long PRIME = 0x100000001b3L;
    /** Each byte a list label may hold (letters, digits, '-', '_'), lower-cased; 0 for every other byte. */
    static final byte[] LABEL_BYTES = new byte[256];

    static {
        for (int c = 0; c < 256; c++) {
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_';
            LABEL_BYTES[c] = (byte) (ok ? c >= 'A' && c <= 'Z' ? c | 0x20 : c : 0);
        }
    }

    /** The longest text tried as a name: 253 ASCII characters, or as many Unicode ones before IDNA shortens them. */
    private static final int MAX_TEXT = 1024;
    /** How much of a bad name an error message shows. */
    private static final int SHOWN = 80;

    private DomainNames() {}

    /** A name for an error message: at most {@value #SHOWN} characters, so a hostile line cannot flood the log. */
    public static String shown(String raw) {
        return raw.length() <= SHOWN ? raw : raw.substring(0, SHOWN) + "... (" + raw.length() + " characters)";
    }

    /** The hash state for the root (before any label). */
    static long start() {
        return SEED;
    }

    /** Adds one label, given as bytes, to a suffix hash state. */
    static long label(long h, byte[] b, int from, int len) {
        h = (h ^ len) * PRIME;
        for (int i = from, end = from + len; i < end; i++) {
            int c = b[i] & 0xFF;
            if (c >= 'A' && c <= 'Z') {
                c |= 0x20;
            }
            h = (h ^ c) * PRIME;
        }
        return h;
    }

    /** Adds one label, given as characters {@code [from, to)} of a normalized name, to a suffix hash state. */
    static long label(long h, CharSequence s, int from, int to) {
        h = (h ^ (to - from)) * PRIME;
        for (int i = from; i < to; i++) {
            int c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c |= 0x20;
            }
            h = (h ^ c) * PRIME;
        }
        return h;
    }

    /** Turns a hash state into a well-mixed key (the MurmurHash3 finalizer). */
    static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** The key of a whole normalized name such as {@code cloud.trassir.com}. */
    static long key(String normalized) {
        long h = start();
        int end = normalized.length();
        while (end > 0) {
            int dot = normalized.lastIndexOf('.', end - 1);
            h = label(h, normalized, dot + 1, end);
            end = Math.max(dot, 0);
        }
        return finish(h);
    }

    /** Drops a leading {@code *.} or {@code .}, which in plain lists means the same as the bare suffix. */
    public static String stripWildcard(String name) {
        if (name.startsWith("*.")) {
            return name.substring(2);
        }
        if (name.startsWith(".") && name.length() > 1) {
            return name.substring(1);
        }
        return name;
    }

    /**
     * Normalizes a domain as written in a list: trims, drops one trailing dot, lower-cases, converts IDN to
     * ASCII, and checks the label syntax. Letters, digits, '-' and '_' are accepted in labels.
     *
     * @throws IllegalArgumentException with a short reason when the text is not a domain name
     */
    public static String normalize(String raw) {
        String s = raw.trim();
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty domain name");
        }
        if (s.length() > MAX_TEXT) {
            // far over any name, even in Unicode before IDNA: refused before the costly conversion
            throw new IllegalArgumentException("'" + shown(s) + "' is longer than a domain name can be (255 octets)");
        }
        boolean ascii = true;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7F) {
                ascii = false;
                break;
            }
        }
        if (!ascii) {
            try {
                s = IDN.toASCII(s, IDN.ALLOW_UNASSIGNED);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + shown(raw.trim()) + "' is not a valid international domain name");
            }
        }
        if (s.length() > 253) {
            throw new IllegalArgumentException("'" + shown(s) + "' is longer than a domain name can be (255 octets)");
        }
        StringBuilder out = null;
        int labelStart = 0;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '.';
            if (c == '.') {
                int len = i - labelStart;
                if (len == 0) {
                    throw new IllegalArgumentException("'" + shown(raw.trim()) + "' has an empty label");
                }
                if (len > 63) {
                    throw new IllegalArgumentException("'" + shown(raw.trim()) + "' has a label longer than 63 characters");
                }
                labelStart = i + 1;
                continue;
            }
            boolean ok = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
            if (!ok && c >= 'A' && c <= 'Z') {
                if (out == null) {
                    out = new StringBuilder(s);
                }
                out.setCharAt(i, (char) (c | 0x20));
                ok = true;
            }
            if (!ok) {
                throw new IllegalArgumentException("'" + shown(raw.trim()) + "' is not a domain name (character '" + c + "')");
            }
        }
        return out == null ? s : out.toString();
    }
}

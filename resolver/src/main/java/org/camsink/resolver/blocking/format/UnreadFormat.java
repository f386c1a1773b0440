package org.camsink.resolver.blocking.format;

import java.nio.charset.StandardCharsets;
import org.camsink.resolver.config.Config.ListFormat;

/**
 * Recognizes a list that is in a format camsink does not read (a web page, JSON, an archive, an Unbound config),
 * so that it fails with one line saying so instead of one complaint per line.
 */
final class UnreadFormat {
    /** What the formats the resolver reads are called, for the message. */
    static final String READ = "hosts, domains, adblock, rpz, cidr, dnsmasq or catalogue YAML";

    private UnreadFormat() {}

    /** What the first bytes look like when camsink cannot read them, else null. */
    static String recognize(byte[] head) {
        int n = head.length;
        if (n >= 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B) {
            return "a gzip archive";
        }
        if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return "a zip archive";
        }
        if (n >= 6 && (head[0] & 0xFF) == 0xFD && head[1] == '7' && head[2] == 'z' && head[3] == 'X') {
            return "an xz archive";
        }
        if (n >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') {
            return "a bzip2 archive";
        }
        for (int i = 0; i < n; i++) {
            if (head[i] == 0) {
                return "binary data";
            }
        }
        String text = new String(head, StandardCharsets.UTF_8).stripLeading();
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1).stripLeading();
        }
        if (text.startsWith("<")) {
            return "an HTML or XML document";
        }
        if (text.startsWith("{") || text.startsWith("[") && !text.startsWith("[Adblock")
                && (text.length() == 1 || "{[\"\n\r \t]".indexOf(text.charAt(1)) >= 0)) {
            return "JSON";
        }
        for (String line : text.split("\n", 200)) {
            String l = line.strip();
            if (l.startsWith("local-zone:") || l.startsWith("local-data:")) {
                return "an Unbound configuration (local-zone:)";
            }
        }
        return null;
    }

    /** The one-line message for a list in a format camsink does not read. */
    static String message(String name, String looksLike) {
        return name + ": looks like " + looksLike + ", a format camsink does not read as a list (it reads " + READ
                + ")";
    }

    /** The one-line message for a detected list of which no line is a rule. */
    static String noRule(String name, ListFormat detected, long invalid, String first) {
        return name + ": not one of its " + invalid + " lines is a rule, so it is in a format camsink does not read"
                + " (it reads " + READ + "; taken as " + detected.name().toLowerCase(java.util.Locale.ROOT)
                + ", set format: to choose); the first: " + first;
    }
}

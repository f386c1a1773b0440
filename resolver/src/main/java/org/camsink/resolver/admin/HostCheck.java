package org.camsink.resolver.admin;

import java.util.Locale;

/**
 * Guards the admin server against DNS rebinding: a web page on some public domain that re-points its name at
 * 127.0.0.1 could otherwise read the device table from the owner's browser. Requests must name the server by
 * an IP literal, {@code localhost}, a single-label LAN name or a name under a local-use suffix.
 */
final class HostCheck {

    private static final String[] LOCAL_SUFFIXES = {".localhost", ".local", ".lan", ".home", ".home.arpa", ".internal", ".localdomain"};

    private HostCheck() {}

    static boolean allowed(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return true; // HTTP/1.0 clients and curl --http1.0 send none; a browser always does
        }
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            return host.indexOf(']') > 0; // IPv6 literal
        }
        int colon = host.lastIndexOf(':');
        if (colon >= 0) {
            host = host.substring(0, colon);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.isEmpty()) {
            return false;
        }
        if (host.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
            return true; // IPv4 literal
        }
        if (host.equals("localhost") || host.indexOf('.') < 0) {
            return true;
        }
        for (String suffix : LOCAL_SUFFIXES) {
            if (host.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }
}

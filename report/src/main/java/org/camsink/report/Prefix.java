package org.camsink.report;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** A parsed CIDR for validation only. Parsing is done on IP literals that passed a pattern, never a name lookup. */
record Prefix(byte[] address, int length) {

    /** Parses {@code addr/len}; null when the address is not a literal. */
    static Prefix parse(String cidr) {
        int slash = cidr.indexOf('/');
        String addr = cidr.substring(0, slash);
        if (!addr.chars().allMatch(c -> c == '.' || c == ':' || Character.digit(c, 16) >= 0)) {
            return null;
        }
        try {
            // Only literals reach here (the patterns allow digits, hex, dots and colons), so no lookup happens.
            byte[] bytes = InetAddress.getByName(addr).getAddress();
            return new Prefix(bytes, Integer.parseInt(cidr.substring(slash + 1)));
        } catch (UnknownHostException | NumberFormatException e) {
            return null;
        }
    }

    boolean v4() {
        return address.length == 4;
    }

    boolean hostBitsSet() {
        if (length > address.length * 8) {
            return true;
        }
        for (int bit = length; bit < address.length * 8; bit++) {
            if ((address[bit / 8] >> (7 - bit % 8) & 1) != 0) {
                return true;
            }
        }
        return false;
    }

    /** Ranges that only ever hold LAN or local addresses: a list never blocks them, so a row naming one leaks a client. */
    boolean isLocal() {
        int a = address[0] & 0xFF;
        int b = address[1] & 0xFF;
        if (length < 8) {
            return true; // wider than /8 always covers local space
        }
        if (v4()) {
            return a == 0 || a == 10 || a == 127 || a >= 224 || (a == 169 && b == 254) || (a == 172 && (b & 0xF0) == 16)
                    || (a == 192 && b == 168) || (a == 100 && (b & 0xC0) == 64);
        }
        boolean allZero = true;
        for (int i = 0; i < 15; i++) {
            allZero &= address[i] == 0;
        }
        return allZero                      // :: and ::1
                || (a & 0xFE) == 0xFC       // fc00::/7 unique local
                || (a == 0xFE && (b & 0xC0) == 0x80) // fe80::/10 link-local
                || a == 0xFF;               // multicast
    }
}

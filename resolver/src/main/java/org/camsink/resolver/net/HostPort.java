package org.camsink.resolver.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * An IP literal and a port: {@code 127.0.0.1:1053}, {@code [::1]:53}, or a bare address with a default port.
 * Port 0 means "any free port" and only makes sense for addresses we listen on; {@link #requirePort} rejects it
 * where a real port is needed. Host names are rejected on purpose: a resolver must not need DNS to find its own sockets or upstreams.
 */
public record HostPort(InetAddress address, int port) {

    public static HostPort parse(String text, int defaultPort) {
        String s = text.trim();
        String host;
        int port = defaultPort;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("missing ']'");
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("expected ':port' after ']'");
                }
                port = port(rest.substring(1));
            }
        } else if (s.indexOf(':') != s.lastIndexOf(':')) {
            host = s; // bare IPv6 without port
        } else if (s.indexOf(':') >= 0) {
            host = s.substring(0, s.indexOf(':'));
            port = port(s.substring(s.indexOf(':') + 1));
        } else {
            host = s;
        }
        if (port < 0) {
            throw new IllegalArgumentException("a port is required");
        }
        try {
            return new HostPort(InetAddress.getByAddress(Cidr.literal(host)), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address");
        }
    }

    private static int port(String p) {
        if (p.isEmpty() || p.length() > 5 || !p.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("bad port '" + p + "'");
        }
        int v = Integer.parseInt(p);
        if (v > 65535) {
            throw new IllegalArgumentException("port must be 1-65535 (0 picks a free port, listen addresses only)");
        }
        return v;
    }

    /** This address when its port is a real one; throws IllegalArgumentException for port 0. */
    public HostPort requirePort() {
        if (port == 0) {
            throw new IllegalArgumentException("port must be 1-65535");
        }
        return this;
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(address, port);
    }

    @Override
    public String toString() {
        return of(address, port);
    }

    /** {@code 127.0.0.1:53} or {@code [::1]:53}. */
    public static String of(InetAddress address, int port) {
        String h = text(address);
        return (h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":" + port;
    }

    /** The address as people write it: IPv6 in the short form of RFC 5952 ({@code ::1}, not {@code 0:0:0:0:0:0:0:1}). */
    public static String text(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return address.getHostAddress();
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (b[2 * i] & 0xFF) << 8 | b[2 * i + 1] & 0xFF;
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }
}

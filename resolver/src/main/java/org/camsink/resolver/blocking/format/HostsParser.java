package org.camsink.resolver.blocking.format;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.camsink.resolver.blocking.DomainNames;
import org.camsink.resolver.blocking.DomainSet;
import org.camsink.resolver.blocking.Policy;
import org.camsink.resolver.net.Cidr;

/**
 * Hosts files: {@code ADDRESS NAME [NAME...]}, such as {@code 0.0.0.0 cloud.trassir.com} or {@code :: name}.
 * Every name blocks itself and its subdomains whatever the address. The usual header names ({@code localhost},
 * {@code broadcasthost}, ...) are skipped quietly.
 */
final class HostsParser implements ListParser {
    private static final Set<String> HOUSEKEEPING = Set.of("localhost", "localhost.localdomain", "local",
            "broadcasthost", "ip6-localhost", "ip6-loopback", "ip6-localnet", "ip6-mcastprefix", "ip6-allnodes",
            "ip6-allrouters", "ip6-allhosts", "0.0.0.0");

    @Override
    public void parse(ListInput in, ListBuilder out) throws IOException {
        in.forEachRaw((n, b, from, to) -> {
            if (b[from] == '#') {
                return;
            }
            int name = nameAfterSinkAddress(b, from, to);
            if (name < 0 || !out.blockAscii(b, name, to)) {
                line(n, Lines.text(b, from, to), out);
            }
        });
    }

    private static final byte[][] SINK_ADDRESSES = {
        "0.0.0.0".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        "127.0.0.1".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        "::".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
    };

    /**
     * Where the single dotted name starts in the common {@code 0.0.0.0 name} shape, or -1 when the line needs the
     * careful path (other addresses, several names, comments, names without a dot such as {@code localhost}).
     */
    private static int nameAfterSinkAddress(byte[] b, int from, int to) {
        for (byte[] a : SINK_ADDRESSES) {
            int end = from + a.length;
            if (end >= to || b[end] != ' ' && b[end] != '\t' || !java.util.Arrays.equals(b, from, end, a, 0, a.length)) {
                continue;
            }
            int name = end;
            while (name < to && (b[name] == ' ' || b[name] == '\t')) {
                name++;
            }
            boolean dot = false;
            for (int i = name; i < to; i++) {
                byte c = b[i];
                if (c == ' ' || c == '\t' || c == '#') {
                    return -1;
                }
                dot |= c == '.';
            }
            return dot && !isSinkName(b, name, to) ? name : -1;
        }
        return -1;
    }

    private static boolean isSinkName(byte[] b, int from, int to) {
        byte[] zero = SINK_ADDRESSES[0];
        return java.util.Arrays.equals(b, from, to, zero, 0, zero.length)
                || to - from == 21 && new String(b, from, to - from, java.nio.charset.StandardCharsets.US_ASCII)
                        .equalsIgnoreCase("localhost.localdomain");
    }

    static void line(int n, String raw, ListBuilder out) {
        String line = Lines.cutHash(raw);
        if (line.isEmpty()) {
            return;
        }
        List<String> t = Lines.tokens(line);
        if (t.size() < 2) {
            out.invalid(n, "a hosts line needs an address and at least one name, got '" + line + "'");
            return;
        }
        try {
            Cidr.literal(t.get(0));
        } catch (IllegalArgumentException e) {
            out.invalid(n, "'" + DomainNames.shown(t.get(0)) + "' is not an IP address (hosts format: ADDRESS NAME...)");
            return;
        }
        for (int i = 1; i < t.size(); i++) {
            String name = t.get(i);
            if (HOUSEKEEPING.contains(name.toLowerCase(Locale.ROOT))) {
                continue;
            }
            out.block(name, DomainSet.SUFFIX, Policy.MODE, n);
        }
    }
}

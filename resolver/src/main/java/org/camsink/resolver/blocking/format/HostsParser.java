package org.camsink.resolver.blocking.format;

import java.util.List;
import java.util.Locale;
import java.util.Set;
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
    public void parse(byte[] data, ListBuilder out) {
        Lines.forEach(data, (n, raw) -> line(n, raw, out));
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
            out.invalid(n, "'" + t.get(0) + "' is not an IP address (hosts format: ADDRESS NAME...)");
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

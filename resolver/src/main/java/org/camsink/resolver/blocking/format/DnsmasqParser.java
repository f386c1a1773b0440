package org.camsink.resolver.blocking.format;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.camsink.resolver.blocking.DomainNames;
import org.camsink.resolver.blocking.DomainSet;
import org.camsink.resolver.blocking.Policy;

/**
 * dnsmasq configuration lines as blocklists publish them. Each of these blocks the names between the slashes and
 * their subdomains:
 * <ul>
 *   <li>{@code address=/name/} (NXDOMAIN), {@code address=/name/0.0.0.0}, {@code address=/name/::},
 *       {@code address=/name/#} or any other sink address;</li>
 *   <li>{@code local=/name/} and {@code server=/name/} (answered from local data only, so NXDOMAIN).</li>
 * </ul>
 * One line may name several domains ({@code address=/a.test/b.test/}). {@code server=/name/ADDR} forwards the
 * name to another server and does not block, so it is counted as ignored, as are the other dnsmasq options
 * ({@code ipset=}, {@code cache-size=}, ...). Comments start with {@code #}.
 */
final class DnsmasqParser implements ListParser {
    @Override
    public void parse(ListInput in, ListBuilder out) throws IOException {
        in.forEach(false, (n, raw) -> {
            if (raw.charAt(0) == '#') {
                return;
            }
            line(n, Lines.cutHash(raw), out);
        });
    }

    private static void line(int n, String line, ListBuilder out) {
        if (line.isEmpty()) {
            return;
        }
        int eq = line.indexOf('=');
        String key = (eq < 0 ? line : line.substring(0, eq)).strip();
        if (!key.equals("address") && !key.equals("local") && !key.equals("server")) {
            out.ignored(n, "dnsmasq option '" + key + "' is not a blocking rule");
            return;
        }
        String value = line.substring(eq + 1).strip();
        if (!value.startsWith("/")) {
            if (key.equals("server")) {
                out.ignored(n, "'" + line + "' sets an upstream server, not a blocking rule");
            } else {
                out.invalid(n, "expected " + key + "=/name/..., got '" + line + "'");
            }
            return;
        }
        int close = value.lastIndexOf('/');
        if (close == 0) {
            out.invalid(n, "'" + line + "' has no closing '/' after the names");
            return;
        }
        String target = value.substring(close + 1).strip();
        if (key.equals("server") && !target.isEmpty()) {
            out.ignored(n, "'" + line + "' forwards to " + target + ", it does not block");
            return;
        }
        List<String> names = names(value.substring(1, close));
        if (names.isEmpty()) {
            out.invalid(n, "'" + line + "' names no domain between the slashes");
            return;
        }
        for (String name : names) {
            if (name.equals("#")) {
                out.invalid(n, "'" + line + "' matches every name ('/#/'), which a blocklist cannot mean");
            } else {
                out.block(DomainNames.stripWildcard(name), DomainSet.SUFFIX, Policy.MODE, n);
            }
        }
    }

    private static List<String> names(String between) {
        List<String> out = new ArrayList<>(2);
        for (String s : between.split("/", -1)) {
            String t = s.strip();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }
}

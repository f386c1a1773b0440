package org.camsink.resolver.blocking.format;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.camsink.resolver.blocking.DomainNames;
import org.camsink.resolver.blocking.DomainSet;
import org.camsink.resolver.blocking.Policy;

/**
 * AdBlock-style filter lists, the DNS subset: {@code ||name^} blocks the name and its subdomains,
 * {@code @@||name^} makes an exception within this list only. {@code $important} is accepted. Cosmetic rules
 * ({@code ##}, {@code #@#}, ...), URL rules with a path, regular expressions and other modifiers cannot be applied
 * to DNS: they are counted as ignored. Plain names and hosts-style lines are accepted too.
 */
final class AdblockParser implements ListParser {
    private static final String[] COSMETIC = {"##", "#@#", "#?#", "#$#", "#%#", "#@$#", "#@?#", "#@%#"};

    @Override
    public void parse(ListInput in, ListBuilder out) throws IOException {
        in.forEach(false, (n, line) -> line(n, line, out));
    }

    private static void line(int n, String line, ListBuilder out) {
        char first = line.charAt(0);
        if (first == '!' || first == '[' && line.endsWith("]")) {
            return;
        }
        for (String c : COSMETIC) {
            if (line.contains(c)) {
                out.ignored(n, "cosmetic rule");
                return;
            }
        }
        if (first == '#') {
            return;
        }
        boolean exception = line.startsWith("@@");
        String rule = exception ? line.substring(2) : line;
        if (rule.startsWith("||")) {
            network(n, rule.substring(2), exception, out);
        } else if (rule.startsWith("/") && rule.endsWith("/") && rule.length() > 1) {
            out.ignored(n, "regular expression rules are not supported");
        } else if (rule.startsWith("|")) {
            out.ignored(n, "URL rule; DNS sees only names");
        } else if (!exception && Lines.tokens(rule).size() > 1 && Lines.looksLikeAddress(Lines.tokens(rule).get(0))) {
            HostsParser.line(n, rule, out);
        } else if (rule.indexOf('/') >= 0 || rule.indexOf('$') >= 0 || rule.indexOf('^') >= 0
                || rule.indexOf('*') > 1) {
            out.ignored(n, "URL rule; DNS sees only names");
        } else {
            add(n, DomainNames.stripWildcard(rule), exception, out);
        }
    }

    private static void network(int n, String body, boolean exception, ListBuilder out) {
        int dollar = body.indexOf('$');
        if (dollar >= 0) {
            List<String> options = List.of(body.substring(dollar + 1).toLowerCase(Locale.ROOT).split(","));
            for (String o : options) {
                if (!o.equals("important") && !o.equals("all") && !o.equals("document") && !o.equals("doc")) {
                    out.ignored(n, "modifier $" + o + " is not supported");
                    return;
                }
            }
            body = body.substring(0, dollar);
        }
        if (body.endsWith("^|")) {
            body = body.substring(0, body.length() - 2);
        } else if (body.endsWith("^")) {
            body = body.substring(0, body.length() - 1);
        }
        body = DomainNames.stripWildcard(body);
        if (body.indexOf('/') >= 0 || body.indexOf('^') >= 0 || body.indexOf('*') >= 0 || body.indexOf(':') >= 0) {
            out.ignored(n, "URL rule; DNS sees only names");
            return;
        }
        add(n, body, exception, out);
    }

    private static void add(int n, String name, boolean exception, ListBuilder out) {
        if (exception) {
            out.allow(name, DomainSet.SUFFIX, n);
        } else {
            out.block(name, DomainSet.SUFFIX, Policy.MODE, n);
        }
    }
}

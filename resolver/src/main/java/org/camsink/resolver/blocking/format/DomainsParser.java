package org.camsink.resolver.blocking.format;

import java.io.IOException;
import org.camsink.resolver.blocking.DomainNames;
import org.camsink.resolver.blocking.DomainSet;
import org.camsink.resolver.blocking.Policy;

/**
 * Plain domain lists: one name per line, blocking itself and its subdomains. A leading {@code *.} or {@code .}
 * means the same and is accepted. Lines starting with {@code #}, {@code !} or {@code ;} and inline
 * {@code # ...} are comments.
 */
final class DomainsParser implements ListParser {
    @Override
    public void parse(ListInput in, ListBuilder out) throws IOException {
        in.forEachRaw((n, b, from, to) -> {
            byte first = b[from];
            if (first == '!' || first == ';' || first == '#') {
                return;
            }
            if (!out.blockAscii(b, from, to)) {
                line(n, Lines.text(b, from, to), out);
            }
        });
    }

    private static void line(int n, String raw, ListBuilder out) {
        {
            if (raw.isEmpty()) {
                return; // only white space that the byte walk does not trim (a vertical tab, U+3000, ...)
            }
            char first = raw.charAt(0);
            if (first == '!' || first == ';') {
                return;
            }
            String line = Lines.cutHash(raw);
            if (line.isEmpty()) {
                return;
            }
            if (line.indexOf(' ') >= 0 || line.indexOf('\t') >= 0) {
                out.invalid(n, "expected one domain name per line, got '" + line + "'");
                return;
            }
            out.block(DomainNames.stripWildcard(line), DomainSet.SUFFIX, Policy.MODE, n);
        }
    }
}

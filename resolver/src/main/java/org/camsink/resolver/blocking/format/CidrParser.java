package org.camsink.resolver.blocking.format;

import java.io.IOException;
import org.camsink.resolver.blocking.Policy;
import org.camsink.resolver.net.Cidr;

/**
 * Address lists: one IPv4 or IPv6 prefix (or bare address) per line, such as {@code 10.0.0.0/8} or
 * {@code 2001:db8::/32}. Answers with an address inside are blocked. Comments start with {@code #}, {@code ;}
 * or {@code !}.
 */
final class CidrParser implements ListParser {
    @Override
    public void parse(ListInput in, ListBuilder out) throws IOException {
        in.forEach(false, (n, raw) -> {
            char first = raw.charAt(0);
            if (first == '!' || first == ';') {
                return;
            }
            String line = Lines.cutHash(raw);
            int semi = line.indexOf(';');
            if (semi >= 0) {
                line = line.substring(0, semi).strip();
            }
            if (line.isEmpty()) {
                return;
            }
            try {
                out.block(Cidr.parse(line), Policy.MODE);
            } catch (IllegalArgumentException e) {
                out.invalid(n, "expected an IP prefix such as 10.0.0.0/8: " + e.getMessage());
            }
        });
    }
}

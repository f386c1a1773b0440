package org.camsink.resolver.blocking.format;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.camsink.resolver.blocking.DomainNames;
import org.camsink.resolver.blocking.DomainSet;
import org.camsink.resolver.blocking.Policy;
import org.camsink.resolver.net.Cidr;

/**
 * Response Policy Zone files, the QNAME and IP triggers.
 *
 * <ul>
 *   <li>{@code name CNAME .} answers NXDOMAIN, {@code CNAME *.} answers NODATA, {@code CNAME rpz-drop.} drops the
 *       query, {@code CNAME rpz-passthru.} makes an exception within this list only. Any other record (local
 *       data such as {@code A 10.0.0.1} or a CNAME to a walled garden) blocks as {@code blocking.mode} says.</li>
 *   <li>{@code name} triggers the name only; {@code *.name} triggers every name below it.</li>
 *   <li>{@code 32.1.0.0.10.rpz-ip} triggers on answer addresses in 10.0.0.1/32; IPv6 is written as reversed
 *       16-bit words with {@code zz} for the run of zero words ({@code 128.1.zz.db8.2001.rpz-ip}).</li>
 *   <li>{@code $ORIGIN}, {@code $TTL}, SOA and NS records, TTLs, classes and multi-line parentheses are
 *       accepted. An {@code $ORIGIN} that is not a name of at most 255 octets is an invalid line and leaves the
 *       origin as it was. NSDNAME, NSIP and client-IP triggers are counted as ignored.</li>
 * </ul>
 */
final class RpzParser implements ListParser {
    @Override
    public void parse(ListInput in, ListBuilder out) throws IOException {
        State state = new State();
        in.forEach(true, (n, line) -> state.line(n, line, out));
    }

    private static final class State {
        String origin;
        String owner;
        boolean inParens;

        void line(int n, String raw, ListBuilder out) {
            String line = cutComment(raw);
            if (line.isBlank()) {
                return;
            }
            if (inParens) {
                if (line.indexOf(')') >= 0) {
                    inParens = false;
                }
                return;
            }
            if (line.indexOf('(') >= 0 && line.indexOf(')') < 0) {
                inParens = true;
            }
            boolean sameOwner = Character.isWhitespace(line.charAt(0));
            List<String> t = Lines.tokens(line.strip());
            String head = t.get(0);
            if (head.startsWith("$")) {
                directive(n, t, out);
                return;
            }
            int i = 0;
            String recordOwner;
            if (sameOwner) {
                recordOwner = owner;
                if (recordOwner == null) {
                    out.invalid(n, "record without an owner name");
                    return;
                }
            } else {
                recordOwner = head;
                owner = head;
                i = 1;
            }
            // Skip the optional TTL and class, in either order.
            for (int k = 0; k < 2 && i < t.size(); k++) {
                String tok = t.get(i).toUpperCase(Locale.ROOT);
                if (isTtl(tok) || tok.equals("IN") || tok.equals("CH") || tok.equals("HS") || tok.equals("ANY")) {
                    i++;
                }
            }
            if (i >= t.size()) {
                out.invalid(n, "record without a type");
                return;
            }
            String type = t.get(i).toUpperCase(Locale.ROOT);
            String rdata = i + 1 < t.size() ? t.get(i + 1) : null;
            if (type.equals("SOA")) {
                if (origin == null && recordOwner.endsWith(".")) {
                    origin = lower(recordOwner);
                }
                return;
            }
            if (type.equals("NS")) {
                return;
            }
            if (rdata == null) {
                out.invalid(n, type + " record without data");
                return;
            }
            String trigger = relative(n, recordOwner, out);
            if (trigger == null) {
                return;
            }
            record(n, trigger, type, rdata, out);
        }

        private void directive(int n, List<String> t, ListBuilder out) {
            String d = t.get(0).toUpperCase(Locale.ROOT);
            switch (d) {
                case "$ORIGIN" -> {
                    if (t.size() < 2) {
                        out.invalid(n, "$ORIGIN needs a name");
                    } else {
                        String o = lower(t.get(1));
                        if (!t.get(1).endsWith(".") && origin != null && !origin.isEmpty()) {
                            o = o + "." + origin;
                        }
                        try {
                            origin = o.isEmpty() ? o : DomainNames.normalize(o);
                        } catch (IllegalArgumentException e) {
                            out.invalid(n, "$ORIGIN: " + e.getMessage() + "; the origin stays "
                                    + (origin == null || origin.isEmpty() ? "the root" : origin));
                        }
                    }
                }
                case "$TTL" -> { }
                default -> out.invalid(n, d + " is not supported in a list");
            }
        }

        /** The owner relative to the zone apex, or null when it is the apex or outside the zone. */
        private String relative(int n, String name, ListBuilder out) {
            if (name.equals("@")) {
                return null;
            }
            if (!name.endsWith(".")) {
                return lower(name);
            }
            String abs = lower(name);
            if (origin == null || origin.isEmpty()) {
                return abs;
            }
            if (abs.equals(origin)) {
                return null;
            }
            if (abs.endsWith("." + origin)) {
                return abs.substring(0, abs.length() - origin.length() - 1);
            }
            out.invalid(n, "'" + DomainNames.shown(name) + "' is outside the zone " + origin + ".");
            return null;
        }

        private static void record(int n, String trigger, String type, String rdata, ListBuilder out) {
            Policy policy = Policy.MODE;
            boolean passthru = false;
            if (type.equals("CNAME")) {
                String target = lower(rdata);
                switch (target) {
                    case "" -> policy = Policy.NXDOMAIN;
                    case "*" -> policy = Policy.NODATA;
                    case "rpz-passthru" -> passthru = true;
                    case "rpz-drop" -> policy = Policy.DROP;
                    case "rpz-tcp-only" -> {
                        out.ignored(n, "rpz-tcp-only is not supported");
                        return;
                    }
                    default -> policy = Policy.MODE;
                }
            }
            int lastDot = trigger.lastIndexOf('.');
            String tail = lastDot < 0 ? trigger : trigger.substring(lastDot + 1);
            switch (tail) {
                case "rpz-ip" -> ipTrigger(n, trigger.substring(0, Math.max(lastDot, 0)), policy, passthru, out);
                case "rpz-nsdname", "rpz-nsip", "rpz-client-ip" -> out.ignored(n, tail + " triggers are not supported");
                default -> {
                    int scope = DomainSet.SELF;
                    String name = trigger;
                    if (name.startsWith("*.")) {
                        scope = DomainSet.SUBDOMAINS;
                        name = name.substring(2);
                    }
                    if (passthru) {
                        out.allow(name, scope, n);
                    } else {
                        out.block(name, scope, policy, n);
                    }
                }
            }
        }

        private static void ipTrigger(int n, String labelsText, Policy policy, boolean passthru, ListBuilder out) {
            Cidr cidr;
            try {
                cidr = rpzIp(labelsText);
            } catch (IllegalArgumentException e) {
                out.invalid(n, "bad rpz-ip trigger '" + labelsText + ".rpz-ip': " + e.getMessage());
                return;
            }
            if (passthru) {
                out.allow(cidr);
            } else {
                out.block(cidr, policy);
            }
        }

        private static boolean isTtl(String tok) {
            if (tok.isEmpty() || !Character.isDigit(tok.charAt(0))) {
                return false;
            }
            for (int i = 0; i < tok.length(); i++) {
                char c = tok.charAt(i);
                if (!Character.isDigit(c) && "SMHDW".indexOf(c) < 0) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Reads the labels before {@code .rpz-ip}: prefix length, then the address reversed. */
    static Cidr rpzIp(String labelsText) {
        String[] l = labelsText.split("\\.", -1);
        if (l.length < 2 || !l[0].chars().allMatch(Character::isDigit) || l[0].isEmpty() || l[0].length() > 3) {
            throw new IllegalArgumentException("expected PREFIX.address-labels");
        }
        int prefix = Integer.parseInt(l[0]);
        boolean v4 = l.length == 5 && prefix <= 32;
        for (int i = 1; v4 && i < l.length; i++) {
            v4 = !l[i].isEmpty() && l[i].length() <= 3 && l[i].chars().allMatch(Character::isDigit);
        }
        StringBuilder addr = new StringBuilder();
        if (v4) {
            for (int i = l.length - 1; i >= 1; i--) {
                addr.append(l[i]).append(i > 1 ? "." : "");
            }
        } else {
            boolean zz = false;
            for (int i = l.length - 1; i >= 1; i--) {
                String w = l[i];
                if (w.equals("zz")) {
                    if (zz) {
                        throw new IllegalArgumentException("zz appears twice");
                    }
                    zz = true;
                    addr.append(i == l.length - 1 ? "::" : ":");
                } else {
                    if (w.isEmpty() || w.length() > 4 || !w.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                        throw new IllegalArgumentException("'" + w + "' is not an IPv6 word");
                    }
                    addr.append(w);
                    if (i > 1) {
                        addr.append(':');
                    }
                }
            }
            if (!zz && l.length != 9) {
                throw new IllegalArgumentException("an IPv6 trigger needs 8 words or zz");
            }
        }
        return Cidr.parse(addr + "/" + prefix);
    }

    private static String cutComment(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ';' && !quoted) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static String lower(String name) {
        String s = name.toLowerCase(Locale.ROOT);
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}

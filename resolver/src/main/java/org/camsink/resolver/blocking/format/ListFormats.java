package org.camsink.resolver.blocking.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.camsink.blocklists.catalogue.VendorList;
import org.camsink.resolver.config.Config.ListFormat;
import org.camsink.resolver.net.Cidr;

/** Picks the parser for a list, detecting the format from the name and the content when the config leaves it out. */
public final class ListFormats {
    private static final int SNIFF_LINES = 200;

    private ListFormats() {}

    /**
     * Parses a whole list file. Bad lines are reported in the result; only an unreadable catalogue YAML file
     * throws {@link ListFormatException}.
     *
     * @param format null to detect
     * @param name   the file name or URL, used for detection and in messages
     */
    public static ListContent parse(ListFormat format, byte[] data, String name) {
        try {
            return parse(format, ListInput.of(data), name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads and parses a list file a piece at a time ({@link ListInput}), so the file is never in memory whole.
     *
     * @throws IOException when the file cannot be read
     */
    public static ListContent read(ListFormat format, Path file, String name) throws IOException {
        try (ListInput in = ListInput.open(file)) {
            return parse(format, in, name);
        }
    }

    private static ListContent parse(ListFormat format, ListInput in, String name) throws IOException {
        ListFormat f = format;
        if (f == null) {
            byte[] head = in.head();
            String unread = UnreadFormat.recognize(head);
            if (unread != null) {
                throw new ListFormatException(UnreadFormat.message(name, unread));
            }
            f = detect(name, head);
        }
        ListBuilder out = new ListBuilder(name, f == ListFormat.CIDR ? 16 : in.estimatedLines());
        in.onLongLine(n -> out.invalid(n, "line longer than " + ListInput.MAX_LINE + " bytes, skipped"));
        parser(f).parse(in, out);
        ListContent c = out.build();
        if (format == null && c.invalidLines() > 0 && rules(c) == 0) {
            throw new ListFormatException(UnreadFormat.noRule(name, f, c.invalidLines(), c.problems().getFirst()));
        }
        return c;
    }

    private static long rules(ListContent c) {
        return (long) c.domains().size() + c.exceptions().size() + c.ranges().size() + c.rangeExceptions().size()
                + c.ignoredRules();
    }

    /** The content of a catalogue list that is already read (the bundled {@code builtin:} lists). */
    public static ListContent of(VendorList list, String name) {
        ListBuilder out = new ListBuilder(name, list.entries().size());
        CatalogueParser.add(list, out);
        return out.build();
    }

    static ListParser parser(ListFormat f) {
        return switch (f) {
            case HOSTS -> new HostsParser();
            case DOMAINS -> new DomainsParser();
            case ADBLOCK -> new AdblockParser();
            case RPZ -> new RpzParser();
            case CIDR -> new CidrParser();
            case DNSMASQ -> new DnsmasqParser();
            case CATALOGUE -> new CatalogueParser();
        };
    }

    /** Detects a format by file extension, then by looking at the first meaningful lines. */
    public static ListFormat detect(String name, byte[] data) {
        String lower = name.toLowerCase(Locale.ROOT);
        int q = lower.indexOf('?');
        if (q >= 0) {
            lower = lower.substring(0, q);
        }
        if (lower.endsWith(".rpz") || lower.endsWith(".zone") || lower.endsWith(".db")) {
            return ListFormat.RPZ;
        }
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            return ListFormat.CATALOGUE;
        }
        if (lower.endsWith(".cidr") || lower.endsWith(".netset") || lower.endsWith(".ipset")) {
            return ListFormat.CIDR;
        }
        if (lower.endsWith("/hosts") || lower.endsWith(".hosts") || lower.equals("hosts")) {
            return ListFormat.HOSTS;
        }
        int[] votes = new int[ListFormat.values().length];
        int[] seen = {0};
        Lines.forEach(data.length > ListInput.CHUNK ? java.util.Arrays.copyOf(data, ListInput.CHUNK) : data, (n, line) -> {
            if (seen[0] >= SNIFF_LINES) {
                return;
            }
            ListFormat f = sniff(line);
            if (f != null) {
                votes[f.ordinal()]++;
                seen[0]++;
            }
        });
        if (votes[ListFormat.ADBLOCK.ordinal()] > 0) {
            return ListFormat.ADBLOCK;
        }
        if (votes[ListFormat.DNSMASQ.ordinal()] > 0) {
            return ListFormat.DNSMASQ;
        }
        if (votes[ListFormat.RPZ.ordinal()] > 0) {
            return ListFormat.RPZ;
        }
        ListFormat best = ListFormat.DOMAINS;
        for (ListFormat f : List.of(ListFormat.HOSTS, ListFormat.CIDR)) {
            if (votes[f.ordinal()] > votes[best.ordinal()]) {
                best = f;
            }
        }
        return best;
    }

    private static ListFormat sniff(String line) {
        char c = line.charAt(0);
        if (line.startsWith("[Adblock") || line.startsWith("||") || line.startsWith("@@")) {
            return ListFormat.ADBLOCK;
        }
        if (c == '#' || c == '!' || c == ';') {
            return null;
        }
        if (line.startsWith("address=/") || line.startsWith("local=/") || line.startsWith("server=/")) {
            return ListFormat.DNSMASQ;
        }
        if (c == '$') {
            return line.startsWith("$ORIGIN") || line.startsWith("$TTL") ? ListFormat.RPZ : null;
        }
        List<String> t = Lines.tokens(Lines.cutHash(line));
        if (t.isEmpty()) {
            return null;
        }
        for (String tok : t) {
            String u = tok.toUpperCase(Locale.ROOT);
            if (u.equals("SOA") || u.equals("CNAME")) {
                return ListFormat.RPZ;
            }
        }
        if (t.size() >= 2 && Lines.looksLikeAddress(t.get(0))) {
            return ListFormat.HOSTS;
        }
        if (t.size() == 1) {
            try {
                Cidr.parse(t.get(0));
                return ListFormat.CIDR;
            } catch (IllegalArgumentException e) {
                return ListFormat.DOMAINS;
            }
        }
        return ListFormat.DOMAINS;
    }
}

package org.camsink.blocklists.country;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camsink.blocklists.net.IpPrefix;

/**
 * The country address ranges bundled in the jar as {@code builtin:country-<cc>}: one CIDR per line, IPv4 then
 * IPv6, each in address order, after a header of {@code # key: value} comments that gives the list's
 * {@code source}, {@code date} (of the data), {@code licence}, default {@code action} and {@code prefixes} counts.
 * The resolver reads them with its {@code cidr} parser; {@link #validate} is what {@code camsink lists check} runs.
 */
public final class CountryLists {
    /** The bundled country list ids. */
    public static final List<String> IDS = List.of("country-ru", "country-by");

    private static final List<String> HEADER_KEYS = List.of("source", "date", "licence", "action", "prefixes");

    private CountryLists() {}

    /** What a list's header says. */
    public record Header(String source, LocalDate date, String licence, String action, String prefixes) {}

    /** The bytes of a bundled country list, or empty when there is no such list. */
    public static Optional<byte[]> bytes(String id) throws IOException {
        if (!IDS.contains(id)) {
            return Optional.empty();
        }
        try (InputStream in = CountryLists.class.getResourceAsStream("/camsink/country/" + id + ".cidr")) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        }
    }

    /**
     * Checks one bundled list: the header has every key with a date not after {@code today}, and every other line is
     * a canonical prefix, IPv4 before IPv6, sorted, not overlapping the one before, and as many as the header says.
     *
     * @return problems as {@code builtin:<id>:<line>: message}; empty when the list is fine
     */
    public static List<String> validate(String id, LocalDate today) throws IOException {
        String name = "builtin:" + id;
        Optional<byte[]> data = bytes(id);
        if (data.isEmpty()) {
            return List.of(name + ": not in the jar");
        }
        List<String> problems = new ArrayList<>();
        Map<String, String> header = new HashMap<>();
        String[] lines = new String(data.get(), StandardCharsets.UTF_8).split("\n", -1);
        IpPrefix previous = null;
        int v4 = 0;
        int v6 = 0;
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            int n = i + 1;
            if (l.isEmpty()) {
                continue;
            }
            if (l.startsWith("#")) {
                headerEntry(l, header);
                continue;
            }
            IpPrefix p;
            try {
                p = IpPrefix.parse(l);
            } catch (IllegalArgumentException e) {
                problems.add(name + ":" + n + ": '" + l + "' is not a prefix: " + e.getMessage());
                continue;
            }
            if (!p.canonical().equals(l)) {
                problems.add(name + ":" + n + ": '" + l + "' is not in canonical form (" + p.canonical() + ")");
            }
            if (previous != null && (previous.isIpv4() == p.isIpv4() && p.first().compareTo(previous.last()) <= 0
                    || !previous.isIpv4() && p.isIpv4())) {
                problems.add(name + ":" + n + ": '" + l + "' is out of order or overlaps '" + previous.canonical()
                        + "' before it");
            }
            previous = p;
            if (p.isIpv4()) {
                v4++;
            } else {
                v6++;
            }
        }
        for (String key : HEADER_KEYS) {
            if (!header.containsKey(key)) {
                problems.add(name + ": the header has no '# " + key + ":' line");
            }
        }
        Header h = header(header);
        if (h.date() == null && header.containsKey("date")) {
            problems.add(name + ": '# date: " + header.get("date") + "' is not a date (YYYY-MM-DD)");
        } else if (h.date() != null && h.date().isAfter(today)) {
            problems.add(name + ": '# date: " + h.date() + "' is in the future");
        }
        if (h.action() != null && !h.action().equals("log") && !h.action().equals("block")) {
            problems.add(name + ": '# action: " + h.action() + "' must be block or log");
        }
        String counted = v4 + " IPv4 and " + v6 + " IPv6";
        if (h.prefixes() != null && !h.prefixes().equals(counted)) {
            problems.add(name + ": the header says '" + h.prefixes() + "' prefixes, the file holds " + counted);
        }
        return problems;
    }

    /** The header of a bundled list. */
    public static Header header(String id) throws IOException {
        return header(bytes(id).orElseThrow(() -> new IOException("builtin:" + id + ": not in the jar")));
    }

    /** The header of a list already read. */
    public static Header header(byte[] data) {
        Map<String, String> header = new HashMap<>();
        for (String line : new String(data, StandardCharsets.UTF_8).split("\n")) {
            if (!line.startsWith("#")) {
                break;
            }
            headerEntry(line, header);
        }
        return header(header);
    }

    private static Header header(Map<String, String> h) {
        LocalDate date;
        try {
            date = h.get("date") == null ? null : LocalDate.parse(h.get("date"));
        } catch (DateTimeParseException e) {
            date = null;
        }
        return new Header(h.get("source"), date, h.get("licence"), h.get("action"), h.get("prefixes"));
    }

    /** Adds a {@code # key: value} comment line to the header. */
    private static void headerEntry(String line, Map<String, String> into) {
        int colon = line.indexOf(':');
        if (colon > 1) {
            into.putIfAbsent(line.substring(1, colon).strip(), line.substring(colon + 1).strip());
        }
    }
}

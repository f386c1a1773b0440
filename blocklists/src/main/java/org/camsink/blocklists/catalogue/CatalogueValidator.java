package org.camsink.blocklists.catalogue;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.camsink.blocklists.net.IpPrefix;

/**
 * Validates catalogue files, alone and together: schema, sources, names, CIDRs, duplicates and overlaps within and
 * across lists, and entries that would block a big shared platform. Every problem names the file and, where it can
 * be found, the line.
 */
public final class CatalogueValidator {
    /** One catalogue file to check: its display name (a path or {@code builtin:<id>}) and its YAML text. */
    public record SourceFile(String name, String text) {}

    /** One problem found; {@code line} is 0 when no line can be pointed at. */
    public record Problem(String file, int line, String message) {
        @Override
        public String toString() {
            return file + (line > 0 ? ":" + line : "") + ": " + message;
        }
    }

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern URL = Pattern.compile("https?://[A-Za-z0-9.-]+(:[0-9]+)?(/\\S*)?");
    private static final Pattern REPO_PATH = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+:[^\\s:]+");
    /** Broader than this is never a vendor range: it would be a national or continental block. */
    private static final int MIN_V4_PREFIX = 8;
    private static final int MIN_V6_PREFIX = 19;

    private final Clock clock;

    public CatalogueValidator(Clock clock) {
        this.clock = clock;
    }

    public CatalogueValidator() {
        this(Clock.systemUTC());
    }

    /** Every bundled list, as source files for {@link #validate}. */
    public static List<SourceFile> builtinSources() throws CatalogueException {
        List<SourceFile> out = new ArrayList<>();
        for (String id : Catalogue.BUILTIN_IDS) {
            String text = Catalogue.builtinText(id)
                    .orElseThrow(() -> new CatalogueException("builtin:" + id + ": listed in BUILTIN_IDS but not in the jar"));
            out.add(new SourceFile("builtin:" + id, text));
        }
        return out;
    }

    /** All problems in these files, taken together as one catalogue; empty means valid. */
    public List<Problem> validate(List<SourceFile> files) {
        List<Problem> problems = new ArrayList<>();
        Map<String, Located> ids = new HashMap<>();
        List<Located> seen = new ArrayList<>();
        for (SourceFile file : files) {
            VendorList list;
            try {
                list = Catalogue.read(file.text(), file.name());
            } catch (CatalogueException e) {
                problems.add(parseProblem(file, e));
                continue;
            }
            Lines lines = new Lines(file);
            checkMetadata(list, file, lines, problems);
            Located previous = ids.putIfAbsent(list.id(), new Located(list.id(), file.name(), lines.find("id", list.id()), list.id()));
            if (previous != null) {
                problems.add(new Problem(file.name(), lines.find("id", list.id()),
                        "list id '" + list.id() + "' is already used by " + previous.where()));
            }
            for (ListEntry entry : list.entries()) {
                checkEntry(entry, list, file, lines, problems, seen);
            }
        }
        return problems;
    }

    private void checkMetadata(VendorList list, SourceFile file, Lines lines, List<Problem> problems) {
        String name = file.name();
        if (!ID.matcher(list.id()).matches()) {
            problems.add(new Problem(name, lines.find("id", list.id()),
                    "id '" + list.id() + "' must be lower-case letters, digits and hyphens"));
        }
        String base = baseName(name);
        if (base != null && !base.equals(list.id())) {
            problems.add(new Problem(name, lines.find("id", list.id()),
                    "id '" + list.id() + "' must match the file name '" + base + ".yaml'"));
        }
        requireText(list.vendor(), "vendor", name, lines, problems);
        requireText(list.why(), "why", name, lines, problems);
        if (list.products() == null || list.products().isEmpty()
                || list.products().stream().anyMatch(p -> p == null || p.isBlank())) {
            problems.add(new Problem(name, lines.key("products"), "products: needs at least one product name"));
        }
        if (list.operatorCountry() == null || !COUNTRY.matcher(list.operatorCountry()).matches()) {
            problems.add(new Problem(name, lines.key("operatorCountry"),
                    "operatorCountry: must be an ISO 3166-1 alpha-2 code such as RU, got '" + list.operatorCountry() + "'"));
        }
        if (!"block".equals(list.action()) && !"log".equals(list.action())) {
            problems.add(new Problem(name, lines.key("action"),
                    "action: must be 'block' or 'log', got '" + list.action() + "'"));
        }
        LocalDate today = LocalDate.now(clock);
        if (list.reviewed() == null) {
            problems.add(new Problem(name, lines.key("reviewed"), "reviewed: the last review date (YYYY-MM-DD) is required"));
        } else if (list.reviewed().isAfter(today)) {
            problems.add(new Problem(name, lines.key("reviewed"),
                    "reviewed: " + list.reviewed() + " is in the future (today is " + today + ")"));
        }
    }

    private static void requireText(String value, String key, String name, Lines lines, List<Problem> problems) {
        if (value == null || value.isBlank()) {
            problems.add(new Problem(name, lines.key(key), key + ": is required"));
        }
    }

    private void checkEntry(ListEntry entry, VendorList list, SourceFile file, Lines lines,
                            List<Problem> problems, List<Located> seen) {
        String name = file.name();
        if ((entry.domain() == null) == (entry.cidr() == null)) {
            int line = entry.domain() != null ? lines.find("domain", entry.domain())
                    : entry.source() != null ? lines.find("source", entry.source()) : lines.key("entries");
            problems.add(new Problem(name, line, "an entry needs exactly one of domain: or cidr:"));
            return;
        }
        String key = entry.isDomain() ? "domain" : "cidr";
        int line = lines.next(key, entry.value());
        if (entry.source() == null || entry.source().isBlank()) {
            problems.add(new Problem(name, line, key + " '" + entry.value() + "' has no source:"));
        } else if (!URL.matcher(entry.source()).matches() && !REPO_PATH.matcher(entry.source()).matches()) {
            problems.add(new Problem(name, lines.find("source", entry.source()),
                    "source '" + entry.source() + "' must be an http(s) URL or owner/repo:path"));
        }
        if (entry.isDomain()) {
            Optional<String> bad = DomainNames.problem(entry.domain());
            if (bad.isPresent()) {
                problems.add(new Problem(name, line, bad.get()));
                return;
            }
            SharedPlatforms.coveredBy(entry.domain()).ifPresent(platform -> problems.add(new Problem(name, line,
                    "domain '" + entry.domain() + "' would block the shared platform " + platform)));
            Located here = new Located(entry.domain(), name, line, list.id());
            for (Located other : seen) {
                if (other.prefix() == null && (DomainNames.within(other.value(), here.value())
                        || DomainNames.within(here.value(), other.value()))) {
                    problems.add(new Problem(name, line, overlap(here, other, list.id())));
                }
            }
            seen.add(here);
        } else {
            IpPrefix prefix;
            try {
                prefix = IpPrefix.parse(entry.cidr());
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(name, line, "cidr: " + e.getMessage()));
                return;
            }
            if (!prefix.canonical().equals(entry.cidr())) {
                problems.add(new Problem(name, line, "cidr '" + entry.cidr() + "' must be written as " + prefix.canonical()));
            }
            if (prefix.length() < (prefix.isIpv4() ? MIN_V4_PREFIX : MIN_V6_PREFIX)) {
                problems.add(new Problem(name, line, "cidr '" + entry.cidr() + "' is broader than /"
                        + (prefix.isIpv4() ? MIN_V4_PREFIX : MIN_V6_PREFIX) + " and would block far more than one vendor"));
            }
            Located here = new Located(entry.cidr(), name, line, list.id(), prefix);
            for (Located other : seen) {
                if (other.prefix() != null && other.prefix().overlaps(prefix)) {
                    problems.add(new Problem(name, line, overlap(here, other, list.id())));
                }
            }
            seen.add(here);
        }
    }

    private static String overlap(Located here, Located other, String listId) {
        String what = here.value().equals(other.value()) ? "duplicates" : "overlaps";
        String scope = other.listId().equals(listId) ? "" : " in list '" + other.listId() + "'";
        return "'" + here.value() + "' " + what + " '" + other.value() + "'" + scope + " (" + other.where()
                + "); an entry covers its subdomains, so keep one";
    }

    private static String baseName(String name) {
        if (name.startsWith("builtin:")) {
            return name.substring("builtin:".length());
        }
        String file = name.replace('\\', '/');
        file = file.substring(file.lastIndexOf('/') + 1);
        if (file.endsWith(".yaml")) {
            return file.substring(0, file.length() - 5);
        }
        if (file.endsWith(".yml")) {
            return file.substring(0, file.length() - 4);
        }
        return null;
    }

    /** A read error as a problem: the line of the unknown key when there is one, else the parser's line. */
    private static Problem parseProblem(SourceFile file, CatalogueException e) {
        String message = e.getMessage();
        int line = 0;
        if (message.startsWith(file.name() + ":")) {
            message = message.substring(file.name().length() + 1);
            int colon = message.indexOf(": ");
            if (colon > 0 && message.substring(0, colon).chars().allMatch(Character::isDigit)) {
                line = Integer.parseInt(message.substring(0, colon));
                message = message.substring(colon + 2);
            } else if (message.startsWith(" ")) {
                message = message.substring(1);
            }
        }
        if (e.getCause() instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u) {
            int keyLine = new Lines(file).key(u.getPropertyName());
            line = keyLine > 0 ? keyLine : line;
        }
        return new Problem(file.name(), line, message);
    }

    private record Located(String value, String file, int line, String listId, IpPrefix prefix) {
        Located(String value, String file, int line, String listId) {
            this(value, file, line, listId, null);
        }

        String where() {
            return file + (line > 0 ? ":" + line : "");
        }
    }

    /** Finds the line a key or a key/value pair sits on, for messages. */
    private static final class Lines {
        private final String[] lines;

        Lines(SourceFile file) {
            this.lines = file.text().split("\r?\n", -1);
        }

        int key(String key) {
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].stripLeading().startsWith(key + ":")) {
                    return i + 1;
                }
            }
            return 0;
        }

        private final Map<String, Integer> used = new HashMap<>();

        /** The line of the next not yet reported occurrence of {@code key: value}, so repeats point at themselves. */
        int next(String key, String value) {
            int skip = used.merge(key + ":" + value, 1, Integer::sum) - 1;
            for (int i = 0; i < lines.length; i++) {
                if (matches(lines[i], key, value) && skip-- == 0) {
                    return i + 1;
                }
            }
            return find(key, value);
        }

        private static boolean matches(String line, String key, String value) {
            String l = line.strip();
            if (l.startsWith("- ")) {
                l = l.substring(2).strip();
            }
            if (!l.startsWith(key + ":")) {
                return false;
            }
            String v = l.substring(key.length() + 1).strip();
            if (v.length() >= 2 && (v.startsWith("\"") || v.startsWith("'"))) {
                v = v.substring(1, v.length() - 1);
            }
            return v.equals(value);
        }

        int find(String key, String value) {
            for (int i = 0; i < lines.length; i++) {
                if (matches(lines[i], key, value)) {
                    return i + 1;
                }
            }
            return key(key);
        }
    }
}

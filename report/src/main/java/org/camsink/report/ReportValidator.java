package org.camsink.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of {@code camsink.report/1}. {@link #read} checks a parsed JSON tree field by field, in wire
 * order, and stops at the first error with its JSON path; {@link #check} applies the same value rules to a
 * record built in code (the resolver checks every report before it spools it). The JSON Schema
 * {@code /camsink/report-1.schema.json} states the same contract; the few rules a schema cannot express are
 * listed in the module README.
 */
public final class ReportValidator {
    public static final int MAX_HITS = 500;
    public static final long MAX_QUERIES = 1_000_000_000L;
    public static final long MAX_CLIENTS = 1_000_000L;
    public static final long MAX_ACTIVE_CLIENTS = 10_000_000L;
    public static final int MAX_VERSION_LENGTH = 64;
    public static final int MAX_DOMAIN_LENGTH = 253;
    /** Rebrand candidates per report at most. */
    public static final int MAX_CANDIDATES = 50;
    public static final Set<String> KINDS = Set.of("home", "business", "isp");
    public static final Set<String> MATCHES = Set.of("qname", "cname", "ip");

    static final List<String> REPORT_FIELDS =
            List.of("schema", "reportId", "day", "installation", "region", "kind", "version", "activeClients", "hits",
                    "candidates");
    static final List<String> HIT_FIELDS = List.of("list", "entry", "match", "queries", "clients");

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern DAY = Pattern.compile("20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])");
    /** 32 bytes in unpadded base64url: 43 characters, the last one carrying 2 zero bits. */
    private static final Pattern INSTALLATION = Pattern.compile("[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]");
    private static final Pattern REGION = Pattern.compile("[A-Z]{2}(-[A-Z0-9]{1,3})?");
    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}");
    private static final Pattern LIST_ID = Pattern.compile("[a-z0-9-]{1,63}");
    /** Lower-case host name of two labels or more whose last label starts with a letter (so never an IPv4 literal). */
    private static final Pattern DOMAIN = Pattern.compile(
            "([a-z0-9]([a-z0-9_-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern DOTTED_QUAD = Pattern.compile(
            "(^|[^0-9])[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}([^0-9]|$)");
    private static final Pattern REVERSE_ZONE = Pattern.compile("(^|\\.)(in-addr|ip6)\\.arpa$");
    private static final Pattern CIDR_V4 = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
                    + "/(3[0-2]|[12]?[0-9])");
    private static final Pattern CIDR_V6 = Pattern.compile("[0-9a-f:]{2,39}/(12[0-8]|1[01][0-9]|[1-9]?[0-9])");

    /** Reads and checks a parsed report; the first error, in wire order, wins. */
    public HitReport read(JsonNode root) throws ReportException {
        Fields f = new Fields(root, "$", REPORT_FIELDS);
        String schema = f.string("schema", ReportValidator::schemaError);
        String reportId = f.string("reportId", ReportValidator::reportIdError);
        String day = f.string("day", ReportValidator::dayError);
        String installation = f.string("installation", ReportValidator::installationError);
        String region = f.string("region", ReportValidator::regionError);
        String kind = f.string("kind", ReportValidator::kindError);
        String version = f.string("version", ReportValidator::versionError);
        long activeClients = f.count("activeClients", 0, MAX_ACTIVE_CLIENTS);
        JsonNode hitsNode = f.require("hits");
        if (!hitsNode.isArray()) {
            throw new ReportException("$.hits", "expected an array");
        }
        if (hitsNode.size() > MAX_HITS) {
            throw new ReportException("$.hits", "more than " + MAX_HITS + " hits");
        }
        List<ReportHit> hits = new ArrayList<>(hitsNode.size());
        Duplicates duplicates = new Duplicates();
        for (int i = 0; i < hitsNode.size(); i++) {
            String path = "$.hits[" + i + "]";
            Fields h = new Fields(hitsNode.get(i), path, HIT_FIELDS);
            String list = h.string("list", ReportValidator::listError);
            String entry = h.string("entry", null);
            String match = h.string("match", ReportValidator::matchError);
            fail(path + ".entry", entryError(entry, match));
            long queries = h.count("queries", 1, MAX_QUERIES);
            long clients = h.count("clients", 1, MAX_CLIENTS);
            duplicates.add(path, list, entry, match);
            hits.add(new ReportHit(list, entry, match, queries, clients));
        }
        List<String> candidates = new ArrayList<>();
        JsonNode candidatesNode = root.get("candidates");
        if (candidatesNode != null) {
            if (!candidatesNode.isArray()) {
                throw new ReportException("$.candidates", "expected an array");
            }
            for (int i = 0; i < candidatesNode.size(); i++) {
                JsonNode c = candidatesNode.get(i);
                if (!c.isTextual()) {
                    throw new ReportException("$.candidates[" + i + "]", "expected a string");
                }
                candidates.add(c.textValue());
            }
            candidatesError(candidates);
        }
        return new HitReport(schema, reportId, day, installation, region, kind, version, activeClients, hits, candidates);
    }

    /**
     * The optional {@code candidates}: 1 to {@link #MAX_CANDIDATES} distinct registrable domains, each exactly its own
     * eTLD+1 in lower case ({@code azicloud.ro}, never {@code eu.azicloud.ro}), so no full query name can ride along.
     */
    private static void candidatesError(List<String> candidates) throws ReportException {
        if (candidates.isEmpty()) {
            throw new ReportException("$.candidates", "leave the field out instead of sending an empty array");
        }
        if (candidates.size() > MAX_CANDIDATES) {
            throw new ReportException("$.candidates", "more than " + MAX_CANDIDATES + " candidates");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < candidates.size(); i++) {
            String c = candidates.get(i);
            String path = "$.candidates[" + i + "]";
            fail(path, c == null ? "missing" : entryError(c, "qname"));
            fail(path, RegistrableDomain.is(c) ? null : "expected a registrable domain (eTLD+1) such as example.com");
            Integer first = seen.putIfAbsent(c, i);
            if (first != null) {
                throw new ReportException(path, "duplicate candidate: same as $.candidates[" + first + "]");
            }
        }
    }

    /** Applies the value rules to a report built in code. */
    public void check(HitReport r) throws ReportException {
        fail("$.schema", schemaError(r.schema()));
        fail("$.reportId", reportIdError(r.reportId()));
        fail("$.day", dayError(r.day()));
        fail("$.installation", installationError(r.installation()));
        fail("$.region", regionError(r.region()));
        fail("$.kind", kindError(r.kind()));
        fail("$.version", versionError(r.version()));
        fail("$.activeClients", rangeError(r.activeClients(), 0, MAX_ACTIVE_CLIENTS));
        if (r.hits().size() > MAX_HITS) {
            throw new ReportException("$.hits", "more than " + MAX_HITS + " hits");
        }
        Duplicates duplicates = new Duplicates();
        for (int i = 0; i < r.hits().size(); i++) {
            ReportHit h = r.hits().get(i);
            String path = "$.hits[" + i + "]";
            fail(path + ".list", listError(h.list()));
            fail(path + ".entry", h.entry() == null ? "missing field" : null);
            fail(path + ".match", matchError(h.match()));
            fail(path + ".entry", entryError(h.entry(), h.match()));
            fail(path + ".queries", rangeError(h.queries(), 1, MAX_QUERIES));
            fail(path + ".clients", rangeError(h.clients(), 1, MAX_CLIENTS));
            duplicates.add(path, h.list(), h.entry(), h.match());
        }
        if (!r.candidates().isEmpty()) {
            candidatesError(r.candidates());
        }
    }

    /**
     * Checks one (list, entry, match) key on its own: null when a row with it may be reported, else the reason.
     * The resolver calls this once per new key, so a bad list entry never makes a whole report invalid.
     */
    public static String rowKeyError(String list, String entry, String match) {
        String e = list == null ? "list: missing" : listError(list) != null ? "list: " + listError(list) : null;
        if (e == null && (match == null || matchError(match) != null)) {
            e = "match: expected qname, cname or ip";
        }
        if (e == null && entry == null) {
            e = "entry: missing";
        }
        if (e == null && entryError(entry, match) != null) {
            e = "entry: " + entryError(entry, match);
        }
        return e;
    }

    private static void fail(String path, String reason) throws ReportException {
        if (reason != null) {
            throw new ReportException(path, reason);
        }
    }

    static String schemaError(String s) {
        return nullOr(s, HitReport.SCHEMA.equals(s) ? null : "expected \"" + HitReport.SCHEMA + "\"");
    }

    static String reportIdError(String s) {
        return nullOr(s, UUID.matcher(s).matches() ? null : "expected a UUID in lower-case canonical form");
    }

    static String dayError(String s) {
        if (s == null) {
            return "missing field";
        }
        if (!DAY.matcher(s).matches()) {
            return "expected a day as YYYY-MM-DD";
        }
        try {
            LocalDate.parse(s);
            return null;
        } catch (DateTimeException e) {
            return "not a calendar day";
        }
    }

    static String installationError(String s) {
        return nullOr(s, INSTALLATION.matcher(s).matches() ? null : "expected 32 bytes as unpadded base64url (43 characters)");
    }

    static String regionError(String s) {
        return nullOr(s, REGION.matcher(s).matches() ? null : "expected an ISO 3166-2 code such as UA-30, or a country code such as UA");
    }

    static String kindError(String s) {
        return nullOr(s, KINDS.contains(s) ? null : "expected home, business or isp");
    }

    static String versionError(String s) {
        if (s == null) {
            return "missing field";
        }
        if (!VERSION.matcher(s).matches()) {
            return "expected 1 to " + MAX_VERSION_LENGTH + " characters of [0-9A-Za-z.+_-]";
        }
        return DOTTED_QUAD.matcher(s).find() ? "looks like an IP address" : null;
    }

    static String listError(String s) {
        return nullOr(s, LIST_ID.matcher(s).matches() ? null : "expected a list id of 1 to 63 characters of [a-z0-9-]");
    }

    static String matchError(String s) {
        return nullOr(s, MATCHES.contains(s) ? null : "expected qname, cname or ip");
    }

    /** A name for qname and cname rows, a CIDR for ip rows; an IP address nowhere else. */
    static String entryError(String entry, String match) {
        if ("ip".equals(match)) {
            return cidrError(entry);
        }
        if (entry.length() > MAX_DOMAIN_LENGTH) {
            return "longer than " + MAX_DOMAIN_LENGTH + " characters";
        }
        if (CIDR_V4.matcher(entry).matches() || CIDR_V6.matcher(entry).matches() || entry.indexOf(':') >= 0
                || DOTTED_QUAD.matcher(entry).find() || REVERSE_ZONE.matcher(entry).find()) {
            return "an IP address is allowed only in an entry whose match is ip";
        }
        if (!DOMAIN.matcher(entry).matches()) {
            return "expected a lower-case domain name of two labels or more";
        }
        return null;
    }

    static String cidrError(String entry) {
        boolean v4 = CIDR_V4.matcher(entry).matches();
        if (!v4 && !CIDR_V6.matcher(entry).matches()) {
            return "expected a CIDR such as 203.0.113.0/24 or 2001:db8::/32";
        }
        Prefix p = Prefix.parse(entry);
        if (p == null || p.v4() != v4) {
            return "expected a CIDR such as 203.0.113.0/24 or 2001:db8::/32";
        }
        if (p.hostBitsSet()) {
            return "host bits set after the prefix length";
        }
        if (p.isLocal()) {
            return "a private, loopback, link-local or multicast range is never a list entry";
        }
        return null;
    }

    static String rangeError(long value, long min, long max) {
        return value < min || value > max ? "expected an integer from " + min + " to " + max : null;
    }

    private static String nullOr(String s, String error) {
        return s == null ? "missing field" : error;
    }

    @FunctionalInterface
    interface Rule {
        String error(String value);
    }

    /** One JSON object being read: unknown fields first (document order), then each field in wire order. */
    private static final class Fields {
        private final JsonNode node;
        private final String path;

        Fields(JsonNode node, String path, List<String> known) throws ReportException {
            if (node == null || !node.isObject()) {
                throw new ReportException(path, "expected an object");
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!known.contains(name)) {
                    throw new ReportException(path + "." + safeName(name), "unknown field");
                }
            }
            this.node = node;
            this.path = path;
        }

        JsonNode require(String name) throws ReportException {
            JsonNode v = node.get(name);
            if (v == null) {
                throw new ReportException(path + "." + name, "missing field");
            }
            return v;
        }

        String string(String name, Rule rule) throws ReportException {
            JsonNode v = require(name);
            if (!v.isTextual()) {
                throw new ReportException(path + "." + name, "expected a string");
            }
            String s = v.textValue();
            if (rule != null) {
                fail(path + "." + name, rule.error(s));
            }
            return s;
        }

        long count(String name, long min, long max) throws ReportException {
            JsonNode v = require(name);
            if (!v.isIntegralNumber()) {
                throw new ReportException(path + "." + name, "expected an integer");
            }
            if (!v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
                throw new ReportException(path + "." + name, "expected an integer from " + min + " to " + max);
            }
            return v.longValue();
        }
    }

    /** A field name for an error path: short names as they are, anything else shortened and escaped. */
    static String safeName(String name) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < name.length() && b.length() < 40; i++) {
            char c = name.charAt(i);
            b.append(c >= 0x21 && c < 0x7f ? c : '?');
        }
        if (b.length() < name.length()) {
            b.append("...");
        }
        return b.toString();
    }

    /** Finds a second row with the same (list, entry, match). */
    private static final class Duplicates {
        private final Map<List<String>, String> seen = new HashMap<>();

        void add(String path, String list, String entry, String match) throws ReportException {
            String first = seen.putIfAbsent(List.of(list, entry, match), path);
            if (first != null) {
                throw new ReportException(path, "duplicate row: same list, entry and match as " + first);
            }
        }
    }
}

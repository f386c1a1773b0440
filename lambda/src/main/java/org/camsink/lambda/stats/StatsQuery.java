package org.camsink.lambda.stats;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.camsink.lambda.aggregate.Grain;

/**
 * A validated {@code GET /v1/stats} request.
 *
 * @param by   the requested columns in canonical order (day, region, list, entry)
 * @param list an optional list id filter
 * @param csv  true for CSV output
 */
public record StatsQuery(String country, LocalDate from, LocalDate to, List<String> by, Optional<String> list,
                         boolean csv) {
    public static final int DEFAULT_DAYS = 30;
    public static final int MAX_DAYS = 366;
    static final List<String> DIMENSIONS = List.of("day", "region", "list", "entry");
    private static final Set<String> PARAMETERS = Set.of("country", "from", "to", "by", "list", "format");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern LIST_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    /** The stored grain that answers this query exactly. */
    public Grain grain() {
        boolean hasList = by.contains("list") || list.isPresent();
        return Grain.of(by.contains("region"), hasList, by.contains("entry")).orElseThrow();
    }

    /** Parses and checks the parameters; a {@link BadQuery} message says what to fix. */
    public static StatsQuery parse(Map<String, String> params, String accept, Clock clock) throws BadQuery {
        for (String name : params.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw new BadQuery("unknown parameter '" + clip(name) + "'; known: country, from, to, by, list, format");
            }
        }
        String country = params.get("country");
        if (country == null || country.isBlank()) {
            throw new BadQuery("country is required: an ISO 3166-1 alpha-2 code such as UA");
        }
        country = country.trim().toUpperCase(Locale.ROOT);
        if (!COUNTRY.matcher(country).matches()) {
            throw new BadQuery("country must be two letters (ISO 3166-1 alpha-2), such as UA");
        }
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate to = params.containsKey("to") ? day(params.get("to"), "to") : today;
        LocalDate from = params.containsKey("from") ? day(params.get("from"), "from") : to.minusDays(DEFAULT_DAYS - 1);
        if (from.isAfter(to)) {
            throw new BadQuery("from (" + from + ") is after to (" + to + ")");
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
            throw new BadQuery("from..to spans more than " + MAX_DAYS + " days");
        }
        List<String> by = by(params.getOrDefault("by", "day,region,list"));
        Optional<String> list = Optional.ofNullable(params.get("list")).map(String::trim);
        if (list.isPresent() && !LIST_ID.matcher(list.get()).matches()) {
            throw new BadQuery("list must be a list id such as trassir");
        }
        boolean csv;
        String format = params.get("format");
        if (format == null) {
            csv = accept != null && accept.toLowerCase(Locale.ROOT).contains("text/csv");
        } else if (format.equals("csv") || format.equals("json")) {
            csv = format.equals("csv");
        } else {
            throw new BadQuery("format must be json or csv");
        }
        return new StatsQuery(country, from, to, by, list, csv);
    }

    private static List<String> by(String value) throws BadQuery {
        List<String> asked = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            String d = part.trim().toLowerCase(Locale.ROOT);
            if (!DIMENSIONS.contains(d)) {
                throw new BadQuery("by takes a comma list of day, region, list, entry; not '" + clip(part) + "'");
            }
            if (asked.contains(d)) {
                throw new BadQuery("by names '" + d + "' twice");
            }
            asked.add(d);
        }
        if (!asked.contains("day")) {
            throw new BadQuery("by must include day: installation pseudonyms rotate daily, so distinct installations "
                    + "over several days cannot be counted");
        }
        if (asked.contains("entry") && !asked.contains("list")) {
            throw new BadQuery("by=entry needs list too (entries belong to a list)");
        }
        return DIMENSIONS.stream().filter(asked::contains).toList();
    }

    private static LocalDate day(String value, String name) throws BadQuery {
        String v = value == null ? "" : value.trim();
        if (!DAY.matcher(v).matches()) {
            throw new BadQuery(name + " must be a day written YYYY-MM-DD");
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new BadQuery(name + " is not a calendar day: " + v);
        }
    }

    private static String clip(String s) {
        String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 32 ? printable.substring(0, 32) + "..." : printable;
    }

    /** A parameter problem: 400 with this message. */
    public static final class BadQuery extends Exception {
        public BadQuery(String message) {
            super(message, null, false, false);
        }
    }
}

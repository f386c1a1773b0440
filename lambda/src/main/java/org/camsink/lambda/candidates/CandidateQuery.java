package org.camsink.lambda.candidates;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/candidates?country=UA[&from=YYYY-MM-DD][&to=YYYY-MM-DD]}: one country and at most
 * {@link #MAX_DAYS} days (each day is one read of the raw reports). {@code to} defaults to today, {@code from} to
 * {@link #DEFAULT_DAYS} days before it.
 */
public record CandidateQuery(String country, LocalDate from, LocalDate to) {
    public static final int DEFAULT_DAYS = 7;
    public static final int MAX_DAYS = 31;
    private static final Set<String> PARAMETERS = Set.of("country", "from", "to");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    /** A query that cannot be answered; the message is safe to return. */
    public static final class BadQuery extends Exception {
        public BadQuery(String message) {
            super(message, null, false, false);
        }
    }

    public static CandidateQuery parse(Map<String, String> params, Clock clock) throws BadQuery {
        for (String name : params.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw new BadQuery("unknown parameter '" + (name.length() > 40 ? name.substring(0, 40) + "..." : name)
                        + "'; known: country, from, to");
            }
        }
        String country = params.get("country");
        if (country == null || !COUNTRY.matcher(country.trim().toUpperCase(Locale.ROOT)).matches()) {
            throw new BadQuery("country is required: two letters (ISO 3166-1 alpha-2), such as UA");
        }
        LocalDate to = params.containsKey("to") ? day(params.get("to"), "to") : LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate from = params.containsKey("from") ? day(params.get("from"), "from") : to.minusDays(DEFAULT_DAYS - 1);
        if (from.isAfter(to)) {
            throw new BadQuery("from (" + from + ") is after to (" + to + ")");
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
            throw new BadQuery("from..to spans more than " + MAX_DAYS + " days");
        }
        return new CandidateQuery(country.trim().toUpperCase(Locale.ROOT), from, to);
    }

    private static LocalDate day(String raw, String name) throws BadQuery {
        try {
            return LocalDate.parse(raw.trim());
        } catch (DateTimeParseException e) {
            throw new BadQuery(name + " must be a day as YYYY-MM-DD");
        }
    }
}

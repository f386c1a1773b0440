package org.camsink.blocklists.cli;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.camsink.blocklists.catalogue.Catalogue;
import org.camsink.blocklists.catalogue.CatalogueException;
import org.camsink.blocklists.catalogue.DomainNames;
import org.camsink.blocklists.catalogue.ListEntry;
import org.camsink.blocklists.catalogue.SharedPlatforms;
import org.camsink.blocklists.catalogue.VendorList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lists promote DOMAIN --list ID}: turns a reviewed rebrand candidate into a catalogue entry skeleton. For a
 * bundled list it prints the entry to add under {@code entries:}; for a new id, a whole list file. The skeleton's
 * {@code source} is a placeholder that {@code lists check} refuses, so nothing reaches the catalogue before someone
 * has found and cited a public source that shows devices using the name.
 */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = {"Turn a reviewed rebrand candidate into a catalogue entry skeleton that still needs its source.",
            "Exit 0 with the skeleton, 1 when the domain cannot be listed (bad name, shared platform, already listed)."})
final class PromoteCommand implements Callable<Integer> {
    /** What {@code source:} holds until a reviewer cites one; {@code lists check} rejects it. */
    static final String SOURCE_PLACEHOLDER = "TODO: a public URL or owner/repo:path that shows devices using this name";
    private static final Pattern LIST_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOption output;

    @Parameters(paramLabel = "DOMAIN", description = "The candidate, e.g. rebrand.example (a registrable domain or a narrower suffix).")
    String domain;

    @Option(names = "--list", required = true, paramLabel = "ID",
            description = "The catalogue list it belongs to: a bundled id (prints an entry), or a new id (prints a list file).")
    String list;

    @Option(names = "--reason", paramLabel = "TEXT",
            description = "Why it was a candidate (the status page's or dashboard's reason); goes into the note.")
    String reason;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws IOException {
        String d = domain.trim().toLowerCase(Locale.ROOT);
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        List<String> problems = new ArrayList<>();
        DomainNames.problem(d).ifPresent(problems::add);
        if (!LIST_ID.matcher(list).matches()) {
            problems.add("--list: a list id is lower-case letters, digits and '-', got '" + list + "'");
        }
        Optional<VendorList> existing = Optional.empty();
        if (problems.isEmpty()) {
            try {
                sharedPlatform(d).ifPresent(problems::add);
                alreadyListed(d).ifPresent(problems::add);
                existing = Catalogue.BUILTIN_IDS.contains(list) ? Catalogue.builtin(list) : Optional.empty();
            } catch (CatalogueException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> spec.commandLine().getErr().println(domain + ": " + p));
            return 1;
        }
        String entry = entry(d);
        output.write(existing.isPresent()
                ? "# Add under entries: in " + list + ".yaml, cite the source, then update reviewed: and run lists check.\n" + entry
                : listFile(d, entry));
        return 0;
    }

    /** A shared platform is never an entry, and neither is a name inside one (it would be the platform's customer). */
    private static Optional<String> sharedPlatform(String d) {
        Optional<String> covers = SharedPlatforms.coveredBy(d);
        if (covers.isPresent()) {
            return Optional.of("covers the shared platform " + covers.get() + "; list only a vendor's own names");
        }
        return SharedPlatforms.SUFFIXES.stream().filter(p -> DomainNames.within(d, p)).findFirst()
                .map(p -> "is on the shared platform " + p + "; list only a vendor's own names");
    }

    /** The bundled entry that already covers the name, or that the name would cover. */
    private static Optional<String> alreadyListed(String d) throws CatalogueException {
        for (VendorList l : Catalogue.builtins()) {
            for (ListEntry e : l.entries()) {
                if (e.domain() != null && (DomainNames.within(d, e.domain()) || DomainNames.within(e.domain(), d))) {
                    return Optional.of("overlaps '" + e.domain() + "' in bundled list '" + l.id()
                            + "'; an entry covers its subdomains, so extend or narrow that one instead");
                }
            }
        }
        return Optional.empty();
    }

    private String entry(String d) {
        String found = reason == null || reason.isBlank() ? "" : " (" + reason.strip().replaceAll("\\s+", " ") + ")";
        return "  - domain: " + d + "\n"
                + "    source: \"" + SOURCE_PLACEHOLDER + "\"\n"
                + "    note: >-\n"
                + "      Found by camsink rebrand discovery: cameras asked for it and the answers led into a listed\n"
                + "      domain or range" + found + ". Replace this note with what the cited source shows.\n";
    }

    private String listFile(String d, String entry) {
        LocalDate today = LocalDate.now(clock);
        return "# " + list + ": promoted from a camsink rebrand candidate on " + today + ". Fill in every TODO, cite the\n"
                + "# source of the entry, run ./camsink lists check, and add the id to Catalogue.BUILTIN_IDS.\n"
                + "id: " + list + "\n"
                + "vendor: TODO\n"
                + "products: [TODO]\n"
                + "operatorCountry: TODO\n"
                + "action: log\n"
                + "reviewed: " + today + "\n"
                + "why: >-\n"
                + "  TODO: who runs " + d + ", what cameras use it, and why it belongs in the catalogue.\n"
                + "entries:\n"
                + entry;
    }
}

package org.camsink.blocklists.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import org.camsink.blocklists.catalogue.Catalogue;
import org.camsink.blocklists.catalogue.CatalogueException;
import org.camsink.blocklists.catalogue.CatalogueValidator;
import org.camsink.blocklists.check.ListFileChecker;
import org.camsink.blocklists.country.CountryLists;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lists check [FILE...]}: validates the bundled catalogue, or the given files. Catalogue files
 * ({@code .yaml}) are validated together; other files are read with the resolver's own parsers.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Validate the bundled catalogue, or list files: catalogue YAML, or hosts/domains/adblock/rpz/cidr.",
            "Exit 0 when valid, 1 when a problem is found."})
final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Files to check (default: the bundled catalogue).")
    List<Path> files = new ArrayList<>();

    @Option(names = "--format", paramLabel = "F",
            description = "Format of non-YAML files: hosts, domains, adblock, rpz, cidr or dnsmasq (default: from the extension).")
    String format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> problems = new ArrayList<>();
        List<CatalogueValidator.SourceFile> catalogue = new ArrayList<>();
        try {
            if (files.isEmpty()) {
                catalogue.addAll(CatalogueValidator.builtinSources());
            }
            for (Path file : files) {
                if (isYaml(file)) {
                    catalogue.add(new CatalogueValidator.SourceFile(file.toString(), Catalogue.text(file)));
                } else {
                    checkOther(file, out, problems);
                }
            }
        } catch (CatalogueException e) {
            problems.add(e.getMessage());
        }
        if (!catalogue.isEmpty()) {
            List<CatalogueValidator.Problem> found = new CatalogueValidator().validate(catalogue);
            found.forEach(p -> problems.add(p.toString()));
            if (found.isEmpty()) {
                out.println(summary(catalogue));
            }
        }
        if (files.isEmpty()) {
            checkCountryLists(out, problems);
        }
        problems.forEach(err::println);
        err.flush();
        out.flush();
        return problems.isEmpty() ? 0 : 1;
    }

    /** The bundled country ranges: each file's header and prefixes ({@link CountryLists#validate}). */
    private static void checkCountryLists(PrintWriter out, List<String> problems) {
        for (String id : CountryLists.IDS) {
            try {
                List<String> found = CountryLists.validate(id, LocalDate.now(ZoneOffset.UTC));
                problems.addAll(found);
                if (found.isEmpty()) {
                    CountryLists.Header h = CountryLists.header(id);
                    out.println("builtin:" + id + ": OK (" + h.prefixes() + " prefixes, " + h.action() + ", data of "
                            + h.date() + ")");
                }
            } catch (IOException e) {
                problems.add("builtin:" + id + ": cannot read: " + e.getMessage());
            }
        }
    }

    private static String summary(List<CatalogueValidator.SourceFile> files) {
        int entries = 0;
        int lists = 0;
        for (CatalogueValidator.SourceFile f : files) {
            try {
                entries += Catalogue.read(f.text(), f.name()).entries().size();
                lists++;
            } catch (CatalogueException e) {
                throw new IllegalStateException(e);
            }
        }
        return (files.get(0).name().startsWith("builtin:") ? "bundled catalogue" : "catalogue") + ": OK (" + lists
                + " list(s), " + entries + " entries)";
    }

    private void checkOther(Path file, PrintWriter out, List<String> problems) {
        String f = format != null ? format.toLowerCase(Locale.ROOT) : formatOf(file);
        if (f == null) {
            problems.add(file + ": cannot tell the format from the name; give --format hosts|domains|adblock|rpz|cidr|dnsmasq");
            return;
        }
        if (!Files.isRegularFile(file)) {
            problems.add(file + ": no such file");
            return;
        }
        for (ListFileChecker checker : ServiceLoader.load(ListFileChecker.class)) {
            if (checker.formats().contains(f)) {
                try {
                    ListFileChecker.Result result = checker.check(file, f);
                    result.warnings().forEach(w -> out.println("warning: " + w));
                    if (result.problems().isEmpty()) {
                        out.println(file + ": OK (" + f + ", " + result.entries() + " entries)");
                    }
                    problems.addAll(result.problems());
                } catch (IOException e) {
                    problems.add(file + ": cannot read: " + e.getMessage());
                }
                return;
            }
        }
        problems.add(file + ": no parser for format '" + f + "' is available (the resolver provides them; run ./camsink lists check)");
    }

    private static boolean isYaml(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".yaml") || n.endsWith(".yml");
    }

    private static String formatOf(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".rpz") || n.endsWith(".zone")) {
            return "rpz";
        }
        if (n.endsWith(".hosts") || n.equals("hosts")) {
            return "hosts";
        }
        if (n.endsWith(".cidr")) {
            return "cidr";
        }
        if (n.endsWith(".adblock")) {
            return "adblock";
        }
        if (n.endsWith(".dnsmasq")) {
            return "dnsmasq";
        }
        if (n.endsWith(".domains")) {
            return "domains";
        }
        return null;
    }
}

package org.camsink.resolver.blocking.format;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.camsink.blocklists.check.ListFileChecker;
import org.camsink.resolver.config.Config.ListFormat;

/**
 * Lets {@code camsink lists check FILE} read hosts, domains, adblock, rpz, cidr and dnsmasq files with the very parsers the
 * resolver loads them with (found through {@link java.util.ServiceLoader}).
 */
public final class ListFileCheck implements ListFileChecker {
    @Override
    public Set<String> formats() {
        return Set.of("hosts", "domains", "adblock", "rpz", "cidr", "dnsmasq");
    }

    @Override
    public Result check(Path file, String format) throws IOException {
        ListFormat f = ListFormat.valueOf(format.toUpperCase(Locale.ROOT));
        ListContent c = ListFormats.read(f, file, file.toString());
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (String p : c.problems()) {
            (p.contains(": ignored: ") ? warnings : problems).add(p);
        }
        if (c.invalidLines() > problems.size()) {
            problems.add(file + ": " + c.invalidLines() + " invalid line(s) in all; the first " + problems.size()
                    + " are shown");
        }
        if (c.ignoredRules() > warnings.size()) {
            warnings.add(file + ": " + c.ignoredRules() + " rule(s) a DNS resolver cannot apply were skipped");
        }
        int entries = c.domains().size() + c.exceptions().size() + c.ranges().size() + c.rangeExceptions().size();
        return new Result(entries, List.copyOf(problems), List.copyOf(warnings));
    }
}

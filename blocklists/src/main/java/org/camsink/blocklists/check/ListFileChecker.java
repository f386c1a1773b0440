package org.camsink.blocklists.check;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Checks a list file in a format that the resolver reads (hosts, domains, adblock, rpz, cidr). The resolver module
 * provides the implementation through {@link java.util.ServiceLoader}, so {@code lists check} uses the very parsers
 * that load the lists at run time.
 */
public interface ListFileChecker {
    /** The format ids this checker reads, such as {@code hosts}. */
    Set<String> formats();

    /** Parses the file; the result holds the entry count, problems and warnings (each {@code file:line: reason}). */
    Result check(Path file, String format) throws IOException;

    /**
     * What a check found.
     *
     * @param problems lines that cannot be used: the check fails
     * @param warnings valid rules that a DNS resolver cannot apply (such as cosmetic AdBlock rules): reported only
     */
    record Result(int entries, List<String> problems, List<String> warnings) {}
}

package org.camsink.blocklists.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.camsink.blocklists.country.RangeSplitter;
import org.camsink.blocklists.country.RirDelegations;
import org.camsink.blocklists.country.RirFormatException;
import org.camsink.blocklists.net.IpPrefix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lists country-ranges}: a CIDR list of one country's address space, offline, from an RIR statistics file. */
@Command(name = "country-ranges", mixinStandardHelpOptions = true,
        description = {"Build a CIDR list of the addresses an RIR delegated to one country (allocated or assigned),",
            "from a delegated-extended statistics file, without network access."})
final class CountryRangesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--rir-file", required = true, paramLabel = "FILE",
            description = {"An RIR delegated(-extended) statistics file, e.g. delegated-ripencc-extended-latest.",
                "Repeat it to combine the five RIRs' files into one list."})
    List<Path> rirFiles;

    @Option(names = "--country", required = true, paramLabel = "CC", description = "ISO 3166 country code, e.g. RU.")
    String country;

    @Mixin
    OutputOption out;

    @Override
    public Integer call() throws IOException {
        List<RirDelegations.Block> blocks = new ArrayList<>();
        for (Path rirFile : rirFiles) {
            try (Reader in = Files.newBufferedReader(rirFile, StandardCharsets.UTF_8)) {
                blocks.addAll(RirDelegations.blocks(in, rirFile.toString(), country));
            } catch (RirFormatException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return 1;
            }
        }
        List<IpPrefix> prefixes = RangeSplitter.prefixes(blocks);
        String cc = country.toUpperCase(Locale.ROOT);
        long v4 = prefixes.stream().filter(IpPrefix::isIpv4).count();
        StringBuilder sb = new StringBuilder();
        sb.append("# camsink country ranges: ").append(cc).append(", statuses allocated and assigned\n");
        sb.append("# from ").append(String.join(", ", rirFiles.stream().map(f -> f.getFileName().toString()).toList()))
                .append(", generated ").append(Instant.now()).append('\n');
        sb.append("# ").append(v4).append(" IPv4 and ").append(prefixes.size() - v4).append(" IPv6 prefixes\n");
        for (IpPrefix p : prefixes) {
            sb.append(p.canonical()).append('\n');
        }
        out.write(sb.toString());
        if (out.file != null) {
            spec.commandLine().getErr().println(out.file + ": " + prefixes.size() + " prefixes for " + cc);
        }
        return 0;
    }
}

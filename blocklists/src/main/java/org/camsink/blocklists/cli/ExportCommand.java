package org.camsink.blocklists.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.camsink.blocklists.catalogue.Catalogue;
import org.camsink.blocklists.catalogue.CatalogueException;
import org.camsink.blocklists.catalogue.CatalogueValidator;
import org.camsink.blocklists.catalogue.VendorList;
import org.camsink.blocklists.export.AntiBypass;
import org.camsink.blocklists.export.ExportFormat;
import org.camsink.blocklists.export.ExportRequest;
import org.camsink.blocklists.net.IpPrefix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lists export --format F}: compiles the selected lists into one file for another tool. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Compile lists into rpz, hosts, domains, adblock, dnsmasq, unbound, nftables, ipset, mikrotik or cidr.")
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--format", required = true, paramLabel = "F",
            description = "rpz, hosts, domains, adblock, dnsmasq, unbound, nftables, ipset, mikrotik or cidr.")
    String format;

    @Option(names = "--lists", split = ",", paramLabel = "ID|FILE",
            description = {"Bundled list ids or catalogue YAML files; 'block' (default) selects the bundled lists whose "
                    + "action is block, 'all' every bundled list, 'none' none (with --cidr-file)."})
    List<String> lists = new ArrayList<>(List.of("block"));

    @Option(names = "--cidr-file", paramLabel = "FILE",
            description = "Add the ranges of a plain CIDR file (one per line, # comments), e.g. from country-ranges.")
    List<Path> cidrFiles = new ArrayList<>();

    @Mixin
    OutputOption out;

    @Option(names = "--name", paramLabel = "NAME",
            description = "RPZ zone origin (default rpz.camsink), or nftables table / ipset / MikroTik list name (default camsink).")
    String name;

    @Option(names = "--anti-bypass", description = "nftables/mikrotik: keep LAN clients from using any DNS server but camsink.")
    boolean antiBypass;

    @Option(names = "--dns-server", paramLabel = "ADDR", description = "camsink's address, for --anti-bypass.")
    String dnsServer;

    @Option(names = "--lan-interface", paramLabel = "NAME",
            description = "LAN interface (nftables, default br-lan) or interface list (mikrotik, default LAN).")
    String lan;

    @Option(names = "--anti-bypass-mode", paramLabel = "redirect|drop", defaultValue = "redirect",
            description = "Redirect plain DNS to camsink (default) or drop it.")
    String mode;

    @Override
    public Integer call() throws IOException {
        ExportFormat f;
        try {
            f = ExportFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        AntiBypass ab = antiBypass(f);
        List<VendorList> selected;
        List<ExportRequest.ExtraRanges> extra = new ArrayList<>();
        try {
            selected = select();
            for (Path file : cidrFiles) {
                extra.add(readCidrFile(file));
            }
        } catch (CatalogueException | IllegalArgumentException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        }
        String n = name != null ? name : f == ExportFormat.RPZ ? "rpz.camsink" : "camsink";
        if (!n.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}")) {
            throw new ParameterException(spec.commandLine(), "--name '" + n + "' must be letters, digits, '.', '_' or '-'");
        }
        ExportRequest request = ExportRequest.of(selected, extra, Instant.now(), ab, n);
        out.write(f.exporter().write(request));
        return 0;
    }

    private AntiBypass antiBypass(ExportFormat f) {
        if (!antiBypass) {
            return null;
        }
        if (!f.supportsAntiBypass()) {
            throw new ParameterException(spec.commandLine(), "--anti-bypass works with --format nftables or mikrotik");
        }
        if (dnsServer == null) {
            throw new ParameterException(spec.commandLine(), "--anti-bypass needs --dns-server ADDR (camsink's address)");
        }
        AntiBypass.Mode m = switch (mode.toLowerCase(Locale.ROOT)) {
            case "redirect" -> AntiBypass.Mode.REDIRECT;
            case "drop" -> AntiBypass.Mode.DROP;
            default -> throw new ParameterException(spec.commandLine(), "--anti-bypass-mode must be redirect or drop");
        };
        String iface = lan != null ? lan : f == ExportFormat.NFTABLES ? "br-lan" : "LAN";
        try {
            return new AntiBypass(dnsServer, iface, m);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--dns-server/--lan-interface: " + e.getMessage());
        }
    }

    /**
     * The selected lists, validated together first: an export never carries an entry without a source, an invalid
     * name or an overlap, whether it comes from the bundled catalogue or from a file given here.
     */
    private List<VendorList> select() throws CatalogueException {
        Set<String> seen = new LinkedHashSet<>();
        List<CatalogueValidator.SourceFile> sources = new ArrayList<>();
        for (String item : lists) {
            String s = item.strip();
            if (s.equals("none")) {
                continue;
            }
            if (s.equals("all") || s.equals("block")) {
                for (VendorList l : Catalogue.builtins()) {
                    if ((s.equals("all") || l.blocks()) && seen.add(l.id())) {
                        sources.add(new CatalogueValidator.SourceFile("builtin:" + l.id(),
                                Catalogue.builtinText(l.id()).orElseThrow()));
                    }
                }
            } else if (s.endsWith(".yaml") || s.endsWith(".yml") || s.contains("/")) {
                Path file = Path.of(s);
                sources.add(new CatalogueValidator.SourceFile(file.toString(), Catalogue.text(file)));
            } else {
                String text = Catalogue.builtinText(s).orElseThrow(() -> new CatalogueException(
                        "no bundled list '" + s + "'; bundled: " + String.join(", ", Catalogue.BUILTIN_IDS)));
                if (seen.add(s)) {
                    sources.add(new CatalogueValidator.SourceFile("builtin:" + s, text));
                }
            }
        }
        List<CatalogueValidator.Problem> problems = new CatalogueValidator().validate(sources);
        if (!problems.isEmpty()) {
            throw new CatalogueException("not exporting; the selected lists have problems:\n"
                    + String.join("\n", problems.stream().map(Object::toString).toList()));
        }
        List<VendorList> out = new ArrayList<>();
        for (CatalogueValidator.SourceFile f : sources) {
            out.add(Catalogue.read(f.text(), f.name()));
        }
        return out;
    }

    /** Reads a plain CIDR file: one prefix per line, blank lines and # comments ignored. */
    static ExportRequest.ExtraRanges readCidrFile(Path file) throws CatalogueException {
        List<IpPrefix> prefixes = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new CatalogueException(file + ": cannot read: " + e.getMessage(), e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            int hash = l.indexOf('#');
            String v = (hash >= 0 ? l.substring(0, hash) : l).strip();
            if (v.isEmpty()) {
                continue;
            }
            try {
                prefixes.add(IpPrefix.parse(v));
            } catch (IllegalArgumentException e) {
                throw new CatalogueException(file + ":" + (i + 1) + ": " + e.getMessage());
            }
        }
        String base = file.getFileName().toString().replaceAll("\\.[A-Za-z0-9]+$", "");
        return new ExportRequest.ExtraRanges(base.replaceAll("[^A-Za-z0-9-]", "-"), file.toString(), prefixes);
    }
}

package org.camsink.blocklists.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.camsink.blocklists.country.CountryLists;
import org.camsink.blocklists.net.IpPrefix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The bundled country lists are what {@code camsink lists country-ranges} makes of RIR statistics: a fixture of
 * five RIR files holds the same address space as delegated blocks cut the way RIRs cut them (address counts
 * that are not powers of two, starts that are not aligned, neighbouring allocated and assigned blocks, IPv6
 * prefixes in halves), mixed with other countries, other statuses, ASNs and summaries. The command must give back
 * exactly the bundled prefixes, in the same order.
 */
class CountryListsRebuildTest {
    private static final String[] RIRS = {"afrinic", "apnic", "arin", "lacnic", "ripencc"};

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"country-ru", "country-by"})
    void theCommandRebuildsTheBundledPrefixesFromRirFiles(String id) throws Exception {
        String cc = id.substring("country-".length()).toUpperCase();
        List<String> bundled = prefixLines(new String(CountryLists.bytes(id).orElseThrow(), StandardCharsets.UTF_8));
        assertThat(bundled).hasSizeGreaterThan(100);

        List<StringBuilder> files = fixture(cc, bundled);
        List<String> args = new ArrayList<>(List.of("country-ranges", "--country", cc));
        for (int i = 0; i < RIRS.length; i++) {
            Path f = dir.resolve("delegated-" + RIRS[i] + "-extended-latest");
            Files.writeString(f, files.get(i));
            args.addAll(List.of("--rir-file", f.toString()));
        }
        Path out = dir.resolve(id + ".cidr");
        args.addAll(List.of("--out", out.toString()));
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ListsCommand());
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute(args.toArray(String[]::new))).as(err.toString()).isZero();

        List<String> rebuilt = prefixLines(Files.readString(out));
        assertThat(rebuilt).hasSameSizeAs(bundled);
        assertThat(rebuilt).isEqualTo(bundled);
    }

    @Test
    void theBundledListsPassTheirCheck() throws Exception {
        for (String id : CountryLists.IDS) {
            assertThat(CountryLists.validate(id, LocalDate.of(2026, 12, 3))).as(id).isEmpty();
            CountryLists.Header h = CountryLists.header(id);
            assertThat(h.source()).startsWith("ipverse/rir-ip:country/").contains("@6745bab5f3983019124c8df375c6d5d2b54fed8e");
            assertThat(h.date()).isEqualTo(LocalDate.of(2026, 2, 1));
            assertThat(h.action()).isEqualTo("log");
        }
        assertThat(CountryLists.validate("country-ru", LocalDate.of(2026, 1, 31)))
                .containsExactly("builtin:country-ru: '# date: 2026-02-01' is in the future");
    }

    private static List<String> prefixLines(String text) {
        return Arrays.stream(text.split("\n")).map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    /** Five RIR files whose records for {@code cc} cover exactly the address space of {@code prefixes}. */
    private static List<StringBuilder> fixture(String cc, List<String> prefixes) throws Exception {
        List<StringBuilder> files = new ArrayList<>();
        for (String rir : RIRS) {
            StringBuilder sb = new StringBuilder();
            sb.append("2.3|").append(rir).append("|20260201|0|19830101|20260201|+0000\n");
            sb.append(rir).append("|*|ipv4|*|0|summary\n").append(rir).append("|*|ipv6|*|0|summary\n");
            sb.append(rir).append("|*|asn|*|0|summary\n");
            sb.append(rir).append("|").append(cc).append("|asn|64512|1|20100101|allocated|x\n");
            sb.append(rir).append("|UA|ipv4|192.0.2.0|256|20100101|allocated|x\n");
            sb.append(rir).append("|").append(cc).append("|ipv4|198.51.100.0|256|20100101|reserved|x\n");
            sb.append(rir).append("|").append(cc).append("|ipv4|203.0.113.0|256||available|\n");
            sb.append(rir).append("|").append(cc).append("|ipv6|3fff::|20|20100101|reserved|x\n");
            files.add(sb);
        }
        int n = 0;
        BigInteger runStart = null;
        BigInteger runEnd = null;
        for (String line : prefixes) {
            IpPrefix p = IpPrefix.parse(line);
            if (!p.isIpv4()) {
                if (runStart != null) {
                    n = ipv4Run(files, cc, runStart, runEnd, n);
                    runStart = null;
                }
                n = ipv6(files, cc, p, n);
                continue;
            }
            if (runStart != null && p.first().equals(runEnd.add(BigInteger.ONE))) {
                runEnd = p.last();
                continue;
            }
            if (runStart != null) {
                n = ipv4Run(files, cc, runStart, runEnd, n);
            }
            runStart = p.first();
            runEnd = p.last();
        }
        if (runStart != null) {
            ipv4Run(files, cc, runStart, runEnd, n);
        }
        return files;
    }

    /** A run of adjacent addresses as one or two records, cut at a /24 that need not be aligned to anything. */
    private static int ipv4Run(List<StringBuilder> files, String cc, BigInteger start, BigInteger end, int n) {
        BigInteger size = end.subtract(start).add(BigInteger.ONE);
        BigInteger cut = size.divide(BigInteger.valueOf(3 * 256)).multiply(BigInteger.valueOf(256));
        if (cut.signum() > 0 && n % 2 == 0) {
            record(files.get(n % RIRS.length), cc, "ipv4", dotted(start), cut.toString(), "allocated");
            record(files.get((n + 1) % RIRS.length), cc, "ipv4", dotted(start.add(cut)), size.subtract(cut).toString(),
                    "assigned");
        } else {
            record(files.get(n % RIRS.length), cc, "ipv4", dotted(start), size.toString(), "allocated");
        }
        return n + 1;
    }

    /** An IPv6 prefix as itself, or for every other one, as its two halves. */
    private static int ipv6(List<StringBuilder> files, String cc, IpPrefix p, int n) throws Exception {
        if (n % 2 == 0 && p.length() < 128) {
            BigInteger half = BigInteger.ONE.shiftLeft(128 - p.length() - 1);
            record(files.get(n % RIRS.length), cc, "ipv6", text(p.first()), String.valueOf(p.length() + 1), "allocated");
            record(files.get((n + 2) % RIRS.length), cc, "ipv6", text(p.first().add(half)), String.valueOf(p.length() + 1),
                    "assigned");
        } else {
            record(files.get(n % RIRS.length), cc, "ipv6", text(p.first()), String.valueOf(p.length()), "allocated");
        }
        return n + 1;
    }

    private static void record(StringBuilder sb, String cc, String type, String start, String value, String status) {
        sb.append("fixture|").append(cc).append('|').append(type).append('|').append(start).append('|').append(value)
                .append("|20100101|").append(status).append("|opaque\n");
    }

    private static String dotted(BigInteger v) {
        long a = v.longValueExact();
        return (a >>> 24) + "." + (a >>> 16 & 255) + "." + (a >>> 8 & 255) + "." + (a & 255);
    }

    private static String text(BigInteger v) throws Exception {
        byte[] b = new byte[16];
        byte[] raw = v.toByteArray();
        int len = Math.min(raw.length, 16);
        System.arraycopy(raw, raw.length - len, b, 16 - len, len);
        return InetAddress.getByAddress(b).getHostAddress();
    }
}

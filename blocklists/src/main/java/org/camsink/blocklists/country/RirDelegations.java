package org.camsink.blocklists.country;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.camsink.blocklists.net.IpPrefix;

/**
 * Reads an RIR delegated(-extended) statistics file ({@code registry|cc|type|start|value|date|status[|opaque-id]})
 * and returns the IPv4 and IPv6 blocks delegated to one country with status {@code allocated} or {@code assigned}.
 * The version line, {@code summary} lines, comments and ASN records are skipped. An IPv4 value is an address count,
 * which need not be a power of two; an IPv6 value is a prefix length.
 */
public final class RirDelegations {
    private RirDelegations() {}

    /** One address block: the first address and the number of addresses, as unsigned integers. */
    public record Block(boolean ipv4, BigInteger start, BigInteger count) {}

    /** The country's blocks, in file order. */
    public static List<Block> blocks(Reader in, String name, String country) throws IOException, RirFormatException {
        String cc = country.toUpperCase(Locale.ROOT);
        if (!cc.matches("[A-Z]{2}")) {
            throw new RirFormatException("country '" + country + "' must be a two-letter ISO 3166 code such as RU");
        }
        List<Block> out = new ArrayList<>();
        BufferedReader reader = new BufferedReader(in);
        String line;
        int n = 0;
        boolean sawHeader = false;
        while ((line = reader.readLine()) != null) {
            n++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] f = l.split("\\|", -1);
            if (!sawHeader && f.length > 0 && f[0].matches("\\d+(\\.\\d+)*")) {
                sawHeader = true;
                continue;
            }
            if (f.length >= 6 && f[5].equals("summary")) {
                continue;
            }
            if (f.length < 7) {
                throw new RirFormatException(name + ":" + n + ": expected registry|cc|type|start|value|date|status, got '" + l + "'");
            }
            String type = f[2];
            String status = f[6].toLowerCase(Locale.ROOT);
            if (!f[1].equalsIgnoreCase(cc) || !(status.equals("allocated") || status.equals("assigned"))) {
                continue;
            }
            if (type.equals("ipv4")) {
                out.add(ipv4(f, name, n));
            } else if (type.equals("ipv6")) {
                out.add(ipv6(f, name, n));
            } else if (!type.equals("asn")) {
                throw new RirFormatException(name + ":" + n + ": unknown record type '" + type + "'");
            }
        }
        return out;
    }

    private static Block ipv4(String[] f, String name, int n) throws RirFormatException {
        byte[] start = address(f[3], 4, name, n);
        long count;
        try {
            count = Long.parseLong(f[4]);
        } catch (NumberFormatException e) {
            throw new RirFormatException(name + ":" + n + ": ipv4 value '" + f[4] + "' is not an address count");
        }
        BigInteger first = new BigInteger(1, start);
        if (count < 1 || first.add(BigInteger.valueOf(count)).compareTo(BigInteger.ONE.shiftLeft(32)) > 0) {
            throw new RirFormatException(name + ":" + n + ": ipv4 count " + count + " from " + f[3] + " runs past 255.255.255.255");
        }
        return new Block(true, first, BigInteger.valueOf(count));
    }

    private static Block ipv6(String[] f, String name, int n) throws RirFormatException {
        byte[] start = address(f[3], 16, name, n);
        int len;
        try {
            len = Integer.parseInt(f[4]);
        } catch (NumberFormatException e) {
            len = -1;
        }
        if (len < 0 || len > 128) {
            throw new RirFormatException(name + ":" + n + ": ipv6 value '" + f[4] + "' is not a prefix length");
        }
        IpPrefix prefix = new IpPrefix(start, len);
        if (!prefix.first().equals(new BigInteger(1, start))) {
            throw new RirFormatException(name + ":" + n + ": " + f[3] + "/" + len + " has host bits set");
        }
        return new Block(false, prefix.first(), BigInteger.ONE.shiftLeft(128 - len));
    }

    private static byte[] address(String text, int size, String name, int n) throws RirFormatException {
        try {
            byte[] b = IpPrefix.literal(text);
            if (b.length != size) {
                throw new IllegalArgumentException("wrong family");
            }
            return b;
        } catch (IllegalArgumentException e) {
            throw new RirFormatException(name + ":" + n + ": '" + text + "' is not an IPv" + (size == 4 ? 4 : 6) + " address");
        }
    }
}

package org.camsink.resolver.acl;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.camsink.resolver.config.Config;
import org.camsink.resolver.net.Cidr;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * Response rate limiting (RRL) over UDP, as NSD ({@code rrl-ratelimit}, {@code rrl-slip}) and BIND do: a network
 * (/24, /56) gets at most {@code responsesPerSecond} identical answers per second. An answer is identified by its
 * name, type and rcode; every error other than NXDOMAIN counts as one answer whatever the name, so random names
 * cannot dodge the limit. Past the limit, every {@code slip}-th answer goes out empty with TC set (a real client
 * asks again over TCP, which is never limited here) and the others are dropped. A forged source therefore gets
 * at most the limit in answers, and then TC answers no larger than its queries: camsink is no amplifier even if
 * exposed to the internet.
 *
 * <p>Clients in {@code clients.rateLimit.exempt} (loopback by default) are not limited. The buckets are a fixed
 * {@link TokenTable}, one second's worth deep.
 */
public final class ResponseRateLimiter {
    /** What to do with an answer. */
    public enum Verdict { SEND, SLIP, DROP }

    private static final long ERROR_KEY = 0x6572726f72L; // one bucket for all errors of a network

    private final Config.Rrl settings;
    private final List<Cidr> exempt;
    private final LongSupplier nanos;
    private final TokenTable table;
    private final LongAdder slipped = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    public ResponseRateLimiter(Config.Rrl settings, List<Cidr> exempt, LongSupplier nanoClock) {
        this.settings = settings;
        this.exempt = List.copyOf(exempt);
        this.nanos = nanoClock;
        this.table = new TokenTable(settings.responsesPerSecond(), settings.responsesPerSecond(), settings.tableSize());
    }

    public Config.Rrl settings() {
        return settings;
    }

    public List<Cidr> exempt() {
        return exempt;
    }

    /**
     * The verdict for one UDP answer.
     *
     * @param nameHash {@link #nameHash(byte[], int, int)} or {@link #nameHash(Name)} of the question name
     */
    public Verdict check(InetAddress client, long nameHash, int qtype, int rcode) {
        if (!settings.enabled()) {
            return Verdict.SEND;
        }
        ClientPrefix p = new ClientPrefix().of(client, settings.ipv4Prefix(), settings.ipv6Prefix());
        if (p.in(exempt)) {
            return Verdict.SEND;
        }
        long network = p.hi * 0x9E3779B97F4A7C15L + p.lo;
        long answer = rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN
                ? nameHash * 31 + ((long) qtype << 8 | rcode) : ERROR_KEY;
        long refused = table.take(network, answer, nanos.getAsLong());
        if (refused == 0) {
            return Verdict.SEND;
        }
        if (settings.slip() > 0 && refused % settings.slip() == 0) {
            slipped.increment();
            return Verdict.SLIP;
        }
        dropped.increment();
        return Verdict.DROP;
    }

    /** Answers sent empty with TC set instead, since start. */
    public long slipped() {
        return slipped.sum();
    }

    /** Answers not sent, since start. */
    public long dropped() {
        return dropped.sum();
    }

    /** A hash of the wire name in {@code p[from, to)}, ignoring ASCII case; the same as {@link #nameHash(Name)}. */
    public static long nameHash(byte[] p, int from, int to) {
        long h = 0xcbf29ce484222325L;
        for (int i = from; i < to; i++) {
            int b = p[i] & 0xFF;
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            h = (h ^ b) * 0x100000001b3L;
        }
        return h;
    }

    /** The hash of a parsed name: its canonical (lower-case, uncompressed) wire form. */
    public static long nameHash(Name name) {
        byte[] wire = name.toWireCanonical();
        return nameHash(wire, 0, wire.length);
    }
}

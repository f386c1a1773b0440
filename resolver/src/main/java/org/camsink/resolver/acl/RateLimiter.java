package org.camsink.resolver.acl;

import java.net.InetAddress;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.camsink.resolver.config.Config;
import org.camsink.resolver.pipeline.Transport;

/**
 * A token bucket per client address (its /32 for IPv4 and its /64 for IPv6 by default), and optionally a much
 * larger one per network (/24, /56) that every client of that network draws from. A device stuck in a query loop
 * empties only its own bucket: its neighbours in the same /24 keep their full rate. A query refused by its
 * client bucket takes nothing from the network's, so one flooding device can spend at most its own rate of the
 * aggregate. The aggregate applies to UDP only: a TCP client's address is proven by the handshake, so it is
 * judged by its own bucket even while someone spoofs its neighbours' addresses over UDP.
 *
 * <p>Clients in {@code exempt} (loopback by default) are never limited. Memory is fixed: each level is a
 * {@link TokenTable} of {@code tableSize} slots, so a LAN device spoofing every source address it can reach
 * only recycles slots.
 */
public final class RateLimiter {
    private final Config.RateLimit settings;
    private final LongSupplier nanos;
    private final TokenTable clients;
    private final TokenTable networks;
    private final LongAdder limitedClient = new LongAdder();
    private final LongAdder limitedNetwork = new LongAdder();

    public RateLimiter(Config.RateLimit settings, LongSupplier nanoClock) {
        this.settings = settings;
        this.nanos = nanoClock;
        this.clients = new TokenTable(settings.qps(), settings.burst(), settings.tableSize());
        Config.Aggregate a = settings.aggregate();
        this.networks = a.enabled() ? new TokenTable(a.qps(), a.burst(), settings.tableSize()) : null;
    }

    public RateLimiter(Config.RateLimit settings) {
        this(settings, System::nanoTime);
    }

    public Config.RateLimit settings() {
        return settings;
    }

    /** True when this UDP query may go on. */
    public boolean allow(InetAddress client) {
        return allow(client, Transport.UDP);
    }

    /** True when this query may go on. */
    public boolean allow(InetAddress client, Transport transport) {
        if (!settings.enabled()) {
            return true;
        }
        ClientPrefix p = new ClientPrefix().of(client, settings.ipv4Prefix(), settings.ipv6Prefix());
        if (p.in(settings.exempt())) {
            return true;
        }
        long now = nanos.getAsLong();
        if (clients.take(p.hi, p.lo, now) != 0) {
            limitedClient.increment();
            return false;
        }
        if (networks == null || transport != Transport.UDP) {
            return true;
        }
        Config.Aggregate a = settings.aggregate();
        p.of(client, a.ipv4Prefix(), a.ipv6Prefix());
        if (networks.take(p.hi, p.lo, now) != 0) {
            limitedNetwork.increment();
            return false;
        }
        return true;
    }

    /** Queries refused by a client's own bucket since start. */
    public long limitedByClient() {
        return limitedClient.sum();
    }

    /** Queries refused by their network's aggregate bucket since start. */
    public long limitedByNetwork() {
        return limitedNetwork.sum();
    }

    /** Slots in use in the per-client table (for tests). */
    int clientSlotsUsed() {
        return clients.used();
    }

    /** Slots in the per-client table (for tests). */
    int clientSlots() {
        return clients.size();
    }
}

package org.camsink.resolver.admin;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.camsink.resolver.net.HostPort;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Names for LAN clients, from PTR records that the LAN's own resolver (typically the router, which knows
 * its DHCP leases) serves. Lookups run on one background thread, never on the query path, and only when
 * both the client and the upstream asked are private or local addresses: a public address is never looked
 * up, and a LAN address is never sent to a public resolver. Answers are cached (an hour, five minutes for
 * "no name").
 */
public final class ReverseNames implements AutoCloseable {

    private static final long POSITIVE_MILLIS = Duration.ofHours(1).toMillis();
    private static final long NEGATIVE_MILLIS = Duration.ofMinutes(5).toMillis();
    private static final int MAX_CACHED = 4096;

    private final List<HostPort> servers;
    private final Duration timeout;
    private final LongSupplier clockMillis;
    private final Map<InetAddress, Cached> cache = new ConcurrentHashMap<>();
    private final Set<InetAddress> pending = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor worker;

    /** @param upstreams the configured upstreams; only the private and local ones are asked */
    public ReverseNames(List<HostPort> upstreams, Duration timeout) {
        this(upstreams, timeout, System::currentTimeMillis);
    }

    ReverseNames(List<HostPort> upstreams, Duration timeout, LongSupplier clockMillis) {
        this.servers = upstreams.stream().filter(h -> isLocal(h.address())).toList();
        this.timeout = timeout;
        this.clockMillis = clockMillis;
        this.worker = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64), r -> {
            Thread t = new Thread(r, "camsink-admin-ptr");
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.DiscardPolicy());
        this.worker.allowCoreThreadTimeOut(true);
    }

    /** True when no upstream may be asked, so no names will ever appear. */
    public boolean disabled() {
        return servers.isEmpty();
    }

    /**
     * The cached name of a client, or null. A miss schedules a background lookup, so the name shows up on a
     * later call (the status page refreshes itself).
     */
    public String nameOf(InetAddress client) {
        if (servers.isEmpty() || client == null || !isLocal(client)) {
            return null;
        }
        long now = clockMillis.getAsLong();
        Cached c = cache.get(client);
        if (c != null && c.expiresAt > now) {
            return c.name;
        }
        if (pending.add(client)) {
            worker.execute(() -> {
                try {
                    String name = lookup(client);
                    if (cache.size() >= MAX_CACHED) {
                        cache.clear();
                    }
                    long at = clockMillis.getAsLong();
                    cache.put(client, new Cached(name, at + (name == null ? NEGATIVE_MILLIS : POSITIVE_MILLIS)));
                } finally {
                    pending.remove(client);
                }
            });
        }
        return c == null ? null : c.name; // an expired name is still better than none while we refresh it
    }

    private String lookup(InetAddress client) {
        Message query = Message.newQuery(Record.newRecord(ReverseMap.fromAddress(client), Type.PTR, DClass.IN));
        for (HostPort server : servers) {
            try {
                SimpleResolver r = new SimpleResolver(server.socketAddress());
                r.setTimeout(timeout);
                Message reply = r.send(query);
                int rcode = reply.getRcode();
                if (rcode == Rcode.NXDOMAIN) {
                    return null;
                }
                if (rcode != Rcode.NOERROR) {
                    continue;
                }
                for (Record rec : reply.getSection(Section.ANSWER)) {
                    if (rec instanceof PTRRecord ptr) {
                        return clean(ptr.getTarget().toString(true));
                    }
                }
                return null;
            } catch (Exception e) {
                // timeout or network error: try the next local upstream
            }
        }
        return null;
    }

    /** Keeps a name printable and short; anything odd in a PTR target is dropped rather than shown. */
    static String clean(String name) {
        if (name == null || name.isEmpty() || name.length() > 253) {
            return null;
        }
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch < 0x21 || ch > 0x7e) {
                return null;
            }
        }
        return name;
    }

    /** Loopback, RFC 1918, 100.64/10, link-local and IPv6 unique-local addresses. */
    static boolean isLocal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
        }
        return a instanceof Inet6Address && (b[0] & 0xfe) == 0xfc;
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }

    private record Cached(String name, long expiresAt) {}
}

package org.camsink.resolver.server;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Open TCP connections per client: an IPv4 address, or an IPv6 /64 (a device picks addresses in its /64 at will).
 * Only clients with a connection open have an entry, so the map is never larger than the connection cap.
 */
final class TcpClients {
    private final int perClient;
    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

    TcpClients(int perClient) {
        this.perClient = perClient;
    }

    /** Takes a slot for {@code client}; false when it already holds {@code perClient} connections. */
    boolean tryAcquire(InetAddress client) {
        boolean[] taken = new boolean[1];
        open.compute(key(client), (k, n) -> {
            int have = n == null ? 0 : n;
            if (have >= perClient) {
                return n;
            }
            taken[0] = true;
            return have + 1;
        });
        return taken[0];
    }

    void release(InetAddress client) {
        open.computeIfPresent(key(client), (k, n) -> n <= 1 ? null : n - 1);
    }

    /** Clients holding a connection right now. */
    int clients() {
        return open.size();
    }

    static InetAddress key(InetAddress client) {
        if (!(client instanceof Inet6Address)) {
            return client;
        }
        byte[] a = Arrays.copyOf(client.getAddress(), 16);
        Arrays.fill(a, 8, 16, (byte) 0);
        try {
            return InetAddress.getByAddress(a);
        } catch (UnknownHostException e) {
            return client;
        }
    }
}

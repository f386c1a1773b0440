package org.camsink.resolver.server;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens the UDP sockets of one listen address. For several receiving threads they are {@code SO_REUSEPORT}
 * sockets bound to the same address and port, so the kernel spreads datagrams over them by source address and
 * port, and each thread has its own receive queue. Where the platform has no {@code SO_REUSEPORT}, one socket is
 * opened and the threads share it.
 *
 * <p>The port is first bound by a plain socket, which fails when anything else holds it (another resolver with
 * {@code SO_REUSEPORT} would otherwise silently share the port and take part of the queries) and picks a free
 * port when 0 is asked for; that socket is closed and the shared ones bind the same port at once.
 */
final class ReusePortSockets {
    private ReusePortSockets() {}

    /** Whether this platform lets several UDP sockets share an address and port. */
    static boolean reusePortSupported() {
        try (DatagramChannel probe = DatagramChannel.open()) {
            return probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** {@code count} sockets on {@code address} (or one, see the class comment); closes what it opened on failure. */
    static List<DatagramChannel> open(InetSocketAddress address, int count) throws IOException {
        if (count <= 1 || !reusePortSupported()) {
            return List.of(bound(address, false));
        }
        InetSocketAddress shared;
        try (DatagramChannel probe = bound(address, false)) {
            shared = new InetSocketAddress(address.getAddress(), ((InetSocketAddress) probe.getLocalAddress()).getPort());
        }
        List<DatagramChannel> out = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                out.add(bound(shared, true));
            }
        } catch (IOException | RuntimeException e) {
            for (DatagramChannel c : out) {
                c.close();
            }
            throw e;
        }
        return List.copyOf(out);
    }

    private static DatagramChannel bound(InetSocketAddress address, boolean reusePort) throws IOException {
        DatagramChannel c = DatagramChannel.open(address.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            if (reusePort) {
                c.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            c.bind(address);
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }
}

package org.camsink.resolver.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.camsink.resolver.config.Config;
import org.camsink.resolver.net.HostPort;

/**
 * The UDP and TCP listeners on every configured address. Binding is all or nothing: when one address cannot
 * be bound, the ones already bound are closed and the error is thrown.
 */
public final class DnsServer implements AutoCloseable {
    private final List<UdpListener> udp = new ArrayList<>();
    private final List<TcpListener> tcp = new ArrayList<>();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

    private DnsServer() {}

    public static DnsServer start(List<HostPort> listen, Config.Server settings, PacketHandler handler) throws IOException {
        DnsServer s = new DnsServer();
        try {
            for (HostPort hp : listen) {
                UdpListener u = new UdpListener(hp.socketAddress(), handler, s.workers);
                s.udp.add(u);
                // same port as UDP when the config asked for port 0, so one address serves both
                InetSocketAddress tcpAddress = new InetSocketAddress(hp.address(), u.localAddress().getPort());
                s.tcp.add(new TcpListener(tcpAddress, handler, s.workers, settings.tcpIdleTimeout(),
                        settings.tcpMaxConnections()));
            }
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        s.udp.forEach(UdpListener::start);
        s.tcp.forEach(TcpListener::start);
        return s;
    }

    public List<InetSocketAddress> udpAddresses() {
        return udp.stream().map(UdpListener::localAddress).toList();
    }

    public List<InetSocketAddress> tcpAddresses() {
        return tcp.stream().map(TcpListener::localAddress).toList();
    }

    /** TCP connections open right now, over all listeners. */
    public int openTcpConnections() {
        return tcp.stream().mapToInt(TcpListener::openConnections).sum();
    }

    @Override
    public void close() {
        for (UdpListener u : udp) {
            try {
                u.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        for (TcpListener t : tcp) {
            try {
                t.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        workers.shutdownNow();
    }
}

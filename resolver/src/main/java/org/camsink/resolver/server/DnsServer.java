package org.camsink.resolver.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Predicate;
import org.camsink.resolver.config.Config;
import org.camsink.resolver.net.HostPort;

/**
 * The UDP and TCP listeners on every configured address. Binding is all or nothing: when one address cannot
 * be bound, the ones already bound are closed and the error is thrown.
 */
public final class DnsServer implements AutoCloseable {
    private final List<UdpListener> udp = new ArrayList<>();
    private final List<TcpListener> tcp = new ArrayList<>();
    /** Platform threads for UDP queries at light load ({@link UdpWorkers}); a few are enough. */
    static final int UDP_PLATFORM_WORKERS = 4;

    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final UdpWorkers udpWorkers = new UdpWorkers(UDP_PLATFORM_WORKERS, workers);
    private final ScheduledThreadPoolExecutor tcpTimer = new ScheduledThreadPoolExecutor(1,
            Thread.ofPlatform().daemon().name("tcp lifetimes").factory());
    private final TcpCounters tcpCounters = new TcpCounters();
    private final Predicate<InetAddress> tcpAdmits;
    private final InFlightBudget budget;

    private DnsServer(Predicate<InetAddress> tcpAdmits, InFlightBudget budget) {
        this.tcpAdmits = tcpAdmits;
        this.budget = budget;
        tcpTimer.setRemoveOnCancelPolicy(true); // a connection that ends early leaves nothing in the queue
    }

    /** Serves everyone who connects over TCP; the handler alone decides. */
    public static DnsServer start(List<HostPort> listen, Config.Server settings, PacketHandler handler) throws IOException {
        return start(listen, settings, handler, client -> true);
    }

    /** @param tcpAdmits the client ACL, applied to a TCP connection at accept, before anything is read */
    public static DnsServer start(List<HostPort> listen, Config.Server settings, PacketHandler handler,
                                  Predicate<InetAddress> tcpAdmits) throws IOException {
        DnsServer s = new DnsServer(tcpAdmits, new InFlightBudget(settings.inFlightMaxBytes()));
        try {
            for (HostPort hp : listen) {
                s.bind(hp, settings, handler);
            }
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        s.udp.forEach(UdpListener::start);
        s.tcp.forEach(TcpListener::start);
        return s;
    }

    /**
     * UDP then TCP on the same address and port. With port 0 the TCP side takes the port the kernel gave UDP, so
     * one address serves both; when that port happens to be taken for TCP, a few other ports are tried.
     */
    private void bind(HostPort hp, Config.Server settings, PacketHandler handler) throws IOException {
        for (int attempt = 0; ; attempt++) {
            UdpListener u = new UdpListener(hp.socketAddress(), settings.udpReaders(), handler, udpWorkers, budget);
            InetSocketAddress tcpAddress = new InetSocketAddress(hp.address(), u.localAddress().getPort());
            try {
                TcpListener t = new TcpListener(tcpAddress, handler, workers, settings, tcpAdmits, tcpTimer,
                        tcpCounters, budget);
                udp.add(u);
                tcp.add(t);
                return;
            } catch (IOException | RuntimeException e) {
                u.close();
                if (!(e instanceof java.net.BindException) || hp.port() != 0 || attempt >= 4) {
                    throw e;
                }
            }
        }
    }

    public List<InetSocketAddress> udpAddresses() {
        return udp.stream().map(UdpListener::localAddress).toList();
    }

    public List<InetSocketAddress> tcpAddresses() {
        return tcp.stream().map(TcpListener::localAddress).toList();
    }

    /** The bytes of the queries being answered now, shared by every listener. */
    public InFlightBudget budget() {
        return budget;
    }

    /** TCP connections open right now, over all listeners. */
    public int openTcpConnections() {
        return tcp.stream().mapToInt(TcpListener::openConnections).sum();
    }

    /** Why TCP connections were turned away or closed, over all listeners. */
    public TcpCounters tcpCounters() {
        return tcpCounters;
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
        udpWorkers.shutdownNow();
        workers.shutdownNow();
        tcpTimer.shutdownNow();
    }
}

package org.camsink.resolver.server;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.camsink.resolver.config.Config;
import org.camsink.resolver.pipeline.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DNS over TCP per RFC 7766: each message carries a two-byte length prefix; a client may pipeline many
 * queries on one connection, and answers go back as soon as each is ready, possibly out of order.
 *
 * <p>Limits that keep a hostile client from hurting anyone else, after Unbound's {@code tcp-connection-limit} and
 * {@code incoming-num-tcp}:
 * <ul>
 *   <li>At accept, before a byte is read: a source the client ACL does not allow is closed, and so is a client
 *       that already holds {@code tcpMaxConnectionsPerClient} connections, or any client when
 *       {@code tcpMaxConnections} are open. One device can therefore hold a small share of the slots only.</li>
 *   <li>A message with QR set (a response) closes the connection: no client sends one to a server, and a loop
 *       of them was a way to hold a connection open.</li>
 *   <li>A connection with nothing outstanding is closed after {@code tcpIdleTimeout}; one message must arrive
 *       completely within that time of its first byte (so a slowloris sender cannot hold a connection by
 *       trickling bytes); every connection is closed after {@code tcpMaxLifetime} whatever it does.</li>
 *   <li>At most {@link #MAX_PIPELINED} queries per connection are answered at once, and the queries read but not
 *       yet answered hold at most {@code tcpConnectionBytes}; further reading waits until answers are sent,
 *       and a connection that stays over the budget for {@code tcpIdleTimeout} is closed.</li>
 *   <li>Every message read also takes its share of the server's {@link InFlightBudget}, shared by all connections
 *       and UDP, until its answer is written; when there is none left, the connection is closed (shed) before the
 *       message is read.</li>
 * </ul>
 */
final class TcpListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TcpListener.class);
    static final int MAX_PIPELINED = 32;

    private final ServerSocket server;
    private final PacketHandler handler;
    private final ExecutorService workers;
    private final Semaphore connections;
    private final TcpClients perClient;
    private final Predicate<InetAddress> admits;
    private final ScheduledExecutorService timer;
    private final TcpCounters counters;
    private final long idleMillis;
    private final long lifetimeMillis;
    private final int connectionBytes;
    private final InFlightBudget budget;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    /**
     * @param admits the client ACL, asked at accept
     * @param timer  closes connections at the end of their lifetime
     */
    TcpListener(InetSocketAddress address, PacketHandler handler, ExecutorService workers, Config.Server settings,
                Predicate<InetAddress> admits, ScheduledExecutorService timer, TcpCounters counters,
                InFlightBudget budget) throws IOException {
        this.handler = handler;
        this.budget = budget;
        this.workers = workers;
        this.connections = new Semaphore(settings.tcpMaxConnections());
        this.perClient = new TcpClients(settings.tcpMaxConnectionsPerClient());
        this.admits = admits;
        this.timer = timer;
        this.counters = counters;
        this.idleMillis = Math.max(1, settings.tcpIdleTimeout().toMillis());
        this.lifetimeMillis = Math.max(1, settings.tcpMaxLifetime().toMillis());
        this.connectionBytes = settings.tcpConnectionBytes();
        this.server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(address, 128);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        this.acceptor = Thread.ofPlatform().daemon().name("tcp " + localAddress()).unstarted(this::acceptLoop);
    }

    void start() {
        acceptor.start();
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** Connections being served right now. */
    int openConnections() {
        return open.size();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                LOG.debug("tcp accept: {}", e.toString());
                continue;
            }
            InetAddress client = socket.getInetAddress();
            if (!admitted(client)) {
                counters.deniedAtAccept.increment();
                closeQuietly(socket);
                continue;
            }
            if (!perClient.tryAcquire(client)) {
                counters.overClientCap.increment();
                closeQuietly(socket);
                continue;
            }
            if (!connections.tryAcquire()) {
                perClient.release(client);
                counters.overTotalCap.increment();
                closeQuietly(socket);
                continue;
            }
            open.add(socket);
            try {
                ScheduledFuture<?> end = timer.schedule(() -> endOfLife(socket), lifetimeMillis, TimeUnit.MILLISECONDS);
                workers.execute(() -> serve(socket, end));
            } catch (RejectedExecutionException e) {
                release(socket);
                return;
            }
        }
    }

    private boolean admitted(InetAddress client) {
        try {
            return admits.test(client);
        } catch (RuntimeException e) {
            LOG.warn("tcp access check for {} failed: {}", client, e.toString());
            return false;
        }
    }

    private void endOfLife(Socket socket) {
        if (open.contains(socket)) {
            counters.lifetime.increment();
            closeQuietly(socket); // the serving thread sees the closed socket and releases it
        }
    }

    private void serve(Socket socket, ScheduledFuture<?> end) {
        Semaphore pipelined = new Semaphore(MAX_PIPELINED);
        Semaphore bytes = new Semaphore(connectionBytes);
        try {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 4096);
            OutputStream out = socket.getOutputStream();
            while (!closed) {
                byte[] message = readMessage(socket, in, bytes);
                if (message == null) {
                    break;
                }
                if ((message[2] & 0x80) != 0) {
                    counters.responseReceived.increment();
                    giveBack(bytes, message.length);
                    break;
                }
                pipelined.acquire();
                try {
                    workers.execute(() -> answer(socket, out, message, pipelined, bytes));
                } catch (RejectedExecutionException e) {
                    pipelined.release();
                    giveBack(bytes, message.length);
                    break;
                }
            }
            // let queries already read finish before closing (bounded by the upstream timeout and the lifetime)
            pipelined.tryAcquire(MAX_PIPELINED, idleMillis + 30_000, TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            LOG.debug("tcp connection {}: {}", socket.getRemoteSocketAddress(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            end.cancel(false);
            release(socket);
        }
    }

    /**
     * The next message, or null when the client is done, idle, too slow, over its byte budget, or sent something
     * unusable. The message's bytes are taken from {@code bytes} before it is read; the caller gives them back.
     */
    private byte[] readMessage(Socket socket, InputStream in, Semaphore bytes) throws IOException, InterruptedException {
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, idleMillis));
        int first;
        try {
            first = in.read();
        } catch (SocketTimeoutException e) {
            counters.idle.increment();
            return null;
        }
        if (first < 0) {
            return null;
        }
        long deadline = System.nanoTime() + idleMillis * 1_000_000;
        byte[] lengthByte = new byte[1];
        if (!readFully(socket, in, lengthByte, deadline)) {
            return null;
        }
        int length = first << 8 | lengthByte[0] & 0xFF;
        if (length < 12) {
            // not even a DNS header: nothing to answer, and the stream cannot be trusted any more
            return null;
        }
        // wait for answers to give bytes back, never longer than an idle connection may live
        if (length > connectionBytes || !bytes.tryAcquire(length, idleMillis, TimeUnit.MILLISECONDS)) {
            counters.overByteBudget.increment();
            return null;
        }
        if (!budget.tryAcquire(length, Transport.TCP)) {
            bytes.release(length);
            return null; // the server's in-flight bytes are spent: shed this connection
        }
        byte[] message = new byte[length];
        boolean read = false;
        try {
            read = readFully(socket, in, message, System.nanoTime() + idleMillis * 1_000_000);
        } finally {
            if (!read) {
                giveBack(bytes, length);
            }
        }
        return read ? message : null;
    }

    /** Gives a message's bytes back to its connection and to the server's in-flight budget. */
    private void giveBack(Semaphore bytes, int length) {
        bytes.release(length);
        budget.release(length);
    }

    private static boolean readFully(Socket socket, InputStream in, byte[] buf, long deadline) throws IOException {
        int off = 0;
        while (off < buf.length) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
            int n;
            try {
                n = in.read(buf, off, buf.length - off);
            } catch (SocketTimeoutException e) {
                return false;
            }
            if (n < 0) {
                throw new EOFException("connection closed inside a message");
            }
            off += n;
        }
        return true;
    }

    private void answer(Socket socket, OutputStream out, byte[] message, Semaphore pipelined, Semaphore bytes) {
        try {
            PacketHandler.Reply reply = handler.handle(message, socket.getInetAddress(), Transport.TCP);
            byte[] wire = reply.wire();
            if (wire != null) {
                byte[] framed = new byte[wire.length + 2];
                framed[0] = (byte) (wire.length >>> 8);
                framed[1] = (byte) wire.length;
                System.arraycopy(wire, 0, framed, 2, wire.length);
                synchronized (out) {
                    out.write(framed);
                    out.flush();
                }
            }
            reply.afterSend().run();
        } catch (SocketException e) {
            LOG.debug("tcp write to {}: {}", socket.getRemoteSocketAddress(), e.toString());
        } catch (IOException | RuntimeException e) {
            LOG.warn("tcp answer to {} failed: {}", socket.getRemoteSocketAddress(), e.toString());
        } finally {
            giveBack(bytes, message.length);
            pipelined.release();
        }
    }

    private void release(Socket socket) {
        if (open.remove(socket)) {
            perClient.release(socket.getInetAddress());
            connections.release();
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : open) {
            closeQuietly(s);
        }
    }
}

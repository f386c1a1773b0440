package org.camsink.resolver.server;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.camsink.resolver.pipeline.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DNS over TCP per RFC 7766: each message carries a two-byte length prefix; a client may pipeline many
 * queries on one connection, and answers go back as soon as each is ready, possibly out of order.
 *
 * <p>Limits that keep a hostile client from hurting anyone else: at most {@code maxConnections} open
 * connections (new ones beyond that are closed at once); a connection with nothing outstanding is closed after
 * {@code idleTimeout}; one message must arrive completely within {@code idleTimeout} of its first byte (so a
 * slowloris sender cannot hold a connection by trickling bytes); at most {@link #MAX_PIPELINED} queries per
 * connection are answered at once, further reading waits until one finishes.
 */
final class TcpListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TcpListener.class);
    static final int MAX_PIPELINED = 32;

    private final ServerSocket server;
    private final PacketHandler handler;
    private final ExecutorService workers;
    private final Semaphore connections;
    private final long idleMillis;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    TcpListener(InetSocketAddress address, PacketHandler handler, ExecutorService workers, Duration idleTimeout,
                int maxConnections) throws IOException {
        this.handler = handler;
        this.workers = workers;
        this.connections = new Semaphore(maxConnections);
        this.idleMillis = Math.max(1, idleTimeout.toMillis());
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
            if (!connections.tryAcquire()) {
                closeQuietly(socket);
                continue;
            }
            open.add(socket);
            try {
                workers.execute(() -> serve(socket));
            } catch (RejectedExecutionException e) {
                release(socket);
                return;
            }
        }
    }

    private void serve(Socket socket) {
        Semaphore pipelined = new Semaphore(MAX_PIPELINED);
        try {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 4096);
            OutputStream out = socket.getOutputStream();
            while (!closed) {
                byte[] message = readMessage(socket, in);
                if (message == null) {
                    break;
                }
                pipelined.acquire();
                try {
                    workers.execute(() -> answer(socket, out, message, pipelined));
                } catch (RejectedExecutionException e) {
                    pipelined.release();
                    break;
                }
            }
            // let queries already read finish before closing (bounded by the upstream timeout)
            pipelined.tryAcquire(MAX_PIPELINED, idleMillis + 30_000, TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            LOG.debug("tcp connection {}: {}", socket.getRemoteSocketAddress(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            release(socket);
        }
    }

    /** The next message, or null when the client is done, idle, too slow, or sent something unusable. */
    private byte[] readMessage(Socket socket, InputStream in) throws IOException {
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, idleMillis));
        int first;
        try {
            first = in.read();
        } catch (SocketTimeoutException e) {
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
        byte[] message = new byte[length];
        return readFully(socket, in, message, deadline) ? message : null;
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

    private void answer(Socket socket, OutputStream out, byte[] message, Semaphore pipelined) {
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
            pipelined.release();
        }
    }

    private void release(Socket socket) {
        if (open.remove(socket)) {
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

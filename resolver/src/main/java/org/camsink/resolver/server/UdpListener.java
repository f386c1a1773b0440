package org.camsink.resolver.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.camsink.resolver.pipeline.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UDP listen address, served by one or more reader threads ({@code server.udpReaders}), each on its own
 * socket ({@link ReusePortSockets}). A reader answers what it can at once ({@link PacketHandler.AtOnce}, one per
 * reader) and hands every other datagram to a virtual thread, so a slow upstream never delays other clients. The
 * datagrams being answered by virtual threads share the server's {@link InFlightBudget} with TCP; beyond it new ones
 * are dropped (as a congested network would), which bounds memory under a flood.
 */
final class UdpListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UdpListener.class);
    private final List<DatagramChannel> channels;
    private final PacketHandler handler;
    private final ExecutorService workers;
    private final InFlightBudget budget;
    private final List<Thread> readers = new ArrayList<>();
    private volatile boolean closed;

    UdpListener(InetSocketAddress address, int readerCount, PacketHandler handler, ExecutorService workers,
                InFlightBudget budget) throws IOException {
        this.handler = handler;
        this.budget = budget;
        this.workers = workers;
        this.channels = ReusePortSockets.open(address, readerCount);
        String name = "udp " + localAddress();
        for (int i = 0; i < readerCount; i++) {
            DatagramChannel channel = channels.get(i % channels.size());
            readers.add(Thread.ofPlatform().daemon().name(readerCount == 1 ? name : name + " #" + (i + 1))
                    .unstarted(() -> receiveLoop(channel)));
        }
    }

    void start() {
        readers.forEach(Thread::start);
    }

    InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) channels.getFirst().getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The reader threads (for tests: each stops on {@link #close}). */
    List<Thread> readers() {
        return List.copyOf(readers);
    }

    private void receiveLoop(DatagramChannel channel) {
        PacketHandler.AtOnce atOnce = handler.atOnce();
        byte[] in = new byte[65535];
        ByteBuffer buf = ByteBuffer.wrap(in);
        byte[] out = atOnce == null ? null : new byte[65535];
        ByteBuffer reply = out == null ? null : ByteBuffer.wrap(out);
        while (!closed) {
            SocketAddress from;
            try {
                buf.clear();
                from = channel.receive(buf);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // ICMP errors and the like: log and keep serving
                LOG.debug("udp receive: {}", e.toString());
                continue;
            }
            if (!(from instanceof InetSocketAddress client)) {
                continue;
            }
            int length = buf.position();
            if (atOnce != null && answerAtOnce(channel, atOnce, in, length, client, out, reply)) {
                continue;
            }
            if (!budget.tryAcquire(length, Transport.UDP)) {
                continue;
            }
            byte[] packet = Arrays.copyOf(in, length);
            try {
                workers.execute(() -> answer(channel, packet, client));
            } catch (RejectedExecutionException e) {
                budget.release(length);
                return;
            }
        }
    }

    /** Answers on this thread when the handler can; false leaves the packet to a worker. */
    private boolean answerAtOnce(DatagramChannel channel, PacketHandler.AtOnce atOnce, byte[] in, int length,
                                 InetSocketAddress client, byte[] out, ByteBuffer reply) {
        int n;
        try {
            n = atOnce.answer(in, length, client.getAddress(), out);
        } catch (RuntimeException e) {
            LOG.warn("answering at once failed, using the normal path: {}", e.toString());
            return false;
        }
        if (n < 0) {
            return false;
        }
        try {
            if (n > 0) {
                reply.clear().limit(n);
                channel.send(reply, client);
            }
            atOnce.sent();
        } catch (IOException | RuntimeException e) {
            LOG.debug("udp answer to {} failed: {}", client, e.toString());
        }
        return true;
    }

    private void answer(DatagramChannel channel, byte[] packet, InetSocketAddress client) {
        try {
            PacketHandler.Reply reply = handler.handle(packet, client.getAddress(), Transport.UDP);
            if (reply.wire() != null) {
                channel.send(ByteBuffer.wrap(reply.wire()), client);
            }
            reply.afterSend().run();
        } catch (ClosedChannelException e) {
            // shutting down
        } catch (IOException | RuntimeException e) {
            LOG.warn("udp answer to {} failed: {}", client, e.toString());
        } finally {
            budget.release(packet.length);
        }
    }

    /** Closes every socket, which ends every reader, and waits briefly for the readers to finish. */
    @Override
    public void close() throws IOException {
        closed = true;
        IOException failed = null;
        for (DatagramChannel c : channels) {
            try {
                c.close();
            } catch (IOException e) {
                failed = e;
            }
        }
        for (Thread t : readers) {
            if (t.isAlive() && t != Thread.currentThread()) {
                try {
                    t.join(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }
}

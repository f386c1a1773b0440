package org.camsink.resolver.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.Inet6Address;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import org.camsink.resolver.pipeline.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UDP socket. A single reader thread receives datagrams and hands each to a virtual thread, so a slow
 * upstream never delays other clients. At most {@link #MAX_IN_FLIGHT} datagrams are being answered at once;
 * beyond that new ones are dropped (as a congested network would), which bounds memory under a flood.
 */
final class UdpListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UdpListener.class);
    static final int MAX_IN_FLIGHT = 10_000;

    private final DatagramChannel channel;
    private final PacketHandler handler;
    private final ExecutorService workers;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final Thread reader;
    private volatile boolean closed;

    UdpListener(InetSocketAddress address, PacketHandler handler, ExecutorService workers) throws IOException {
        this.handler = handler;
        this.workers = workers;
        this.channel = DatagramChannel.open(address.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            channel.bind(address);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        this.reader = Thread.ofPlatform().daemon().name("udp " + localAddress()).unstarted(this::receiveLoop);
    }

    void start() {
        reader.start();
    }

    InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void receiveLoop() {
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
            if (atOnce != null && answerAtOnce(atOnce, in, length, client, out, reply)) {
                continue;
            }
            if (!inFlight.tryAcquire()) {
                continue;
            }
            byte[] packet = Arrays.copyOf(in, length);
            try {
                workers.execute(() -> answer(packet, client));
            } catch (RejectedExecutionException e) {
                inFlight.release();
                return;
            }
        }
    }

    /** Answers on this thread when the handler can; false leaves the packet to a worker. */
    private boolean answerAtOnce(PacketHandler.AtOnce atOnce, byte[] in, int length, InetSocketAddress client,
                                 byte[] out, ByteBuffer reply) {
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
            reply.clear().limit(n);
            channel.send(reply, client);
            atOnce.sent();
        } catch (IOException | RuntimeException e) {
            LOG.debug("udp answer to {} failed: {}", client, e.toString());
        }
        return true;
    }

    private void answer(byte[] packet, InetSocketAddress client) {
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
            inFlight.release();
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        channel.close();
    }
}

package org.camsink.resolver.upstream;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import org.camsink.resolver.net.HostPort;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;

/**
 * Classic DNS to {@code host:port}: UDP first, TCP when the UDP reply is truncated (or larger than the 4 KB we
 * read, which only an upstream that ignores our advertised size sends). A reply that is truncated
 * over TCP too is a failure (the caller tries the next upstream), so TC never loops and never reaches a client as
 * an empty answer.
 *
 * <p>Every UDP query gets a fresh socket ({@link UdpSockets}, opened ahead of need and closed after the query):
 * the kernel picks a random ephemeral source port, and the socket is connected, so datagrams from any other
 * address or port never reach us. The caller picks a random ID; replies
 * with another ID or question are ignored and we keep waiting until the deadline (a spoofing attempt must not
 * be able to end the exchange).
 */
public final class PlainDnsUpstream implements Upstream {
    /** Larger than any EDNS payload we advertise upstream. */
    private static final int MAX_UDP = 4096;

    private final InetSocketAddress target;
    private final String address;
    private final UdpSockets sockets;

    public PlainDnsUpstream(HostPort hostPort) {
        this(hostPort, UdpSockets.shared());
    }

    PlainDnsUpstream(HostPort hostPort, UdpSockets sockets) {
        this.target = hostPort.socketAddress();
        this.address = hostPort.toString();
        this.sockets = sockets;
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public Message exchange(Message query, Duration timeout) throws IOException {
        long timeoutNanos = timeout.toNanos();
        long deadline = System.nanoTime() + timeoutNanos;
        byte[] wire = query.toWire();
        Message reply = overUdp(query, wire, timeoutNanos, deadline);
        if (reply == null || reply.getHeader().getFlag(Flags.TC)) {
            reply = overTcp(query, wire, deadline);
        }
        return reply;
    }

    /** The reply over UDP, or null when it was too large for our buffer. */
    private Message overUdp(Message query, byte[] wire, long timeoutNanos, long deadline) throws IOException {
        DatagramChannel channel = sockets.take(target);
        UdpSockets.Watch watch = sockets.watch(channel, timeoutNanos, deadline);
        try {
            try {
                channel.write(ByteBuffer.wrap(wire));
            } catch (IOException e) {
                if (!(e instanceof ClosedChannelException)) {
                    sockets.discard(target);
                }
                throw e;
            }
            ByteBuffer buf = ByteBuffer.allocate(MAX_UDP);
            for (int tries = 0; tries < 64; tries++) {
                buf.clear();
                // no timeout here: the housekeeper closes the socket at the deadline, which ends this read
                channel.read(buf);
                if (buf.position() == MAX_UDP && ReplyMatcher.sameId(query, buf.array())) {
                    // a datagram larger than our buffer (the upstream ignored the size we advertise) was cut by
                    // the read: as good as truncated, so ask again over TCP
                    return null;
                }
                Message reply = ReplyMatcher.accept(query, buf.array(), buf.position());
                if (reply != null) {
                    return reply;
                }
            }
            throw new IOException("too many mismatched replies from " + address);
        } catch (ClosedChannelException e) {
            if (watch.expired()) {
                throw new SocketTimeoutException("timed out waiting for " + address);
            }
            throw e;
        } finally {
            sockets.finish(watch);
        }
    }

    private Message overTcp(Message query, byte[] wire, long deadline) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(target, remainingMillis(deadline));
            socket.setSoTimeout(remainingMillis(deadline));
            OutputStream out = socket.getOutputStream();
            byte[] framed = new byte[wire.length + 2];
            framed[0] = (byte) (wire.length >>> 8);
            framed[1] = (byte) wire.length;
            System.arraycopy(wire, 0, framed, 2, wire.length);
            out.write(framed);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            for (int tries = 0; tries < 4; tries++) {
                socket.setSoTimeout(remainingMillis(deadline));
                int length = in.readUnsignedShort();
                byte[] buf = new byte[length];
                in.readFully(buf);
                Message reply = ReplyMatcher.accept(query, buf, length);
                if (reply != null && reply.getHeader().getFlag(Flags.TC)) {
                    // nothing is larger than a TCP message: a truncated one is a broken answer, never a short one
                    throw new IOException("truncated reply over TCP from " + address);
                }
                if (reply != null) {
                    return reply;
                }
            }
            throw new IOException("no matching TCP reply from " + address);
        }
    }

    private int remainingMillis(long deadline) throws SocketTimeoutException {
        long ms = (deadline - System.nanoTime()) / 1_000_000;
        if (ms <= 0) {
            throw new SocketTimeoutException("timed out waiting for " + address);
        }
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }

    @Override
    public String toString() {
        return address;
    }
}

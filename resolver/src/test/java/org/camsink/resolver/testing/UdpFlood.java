package org.camsink.resolver.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.Message;

/**
 * Many copies of one query from one source address and port, sent as fast as the socket takes them, each with
 * its own ID; the replies are collected until none has come for {@code quiet}. For rate-limit tests, which count
 * answers: with the limiter's clock held still, how many come back does not depend on the machine's speed.
 *
 * <pre>{@code
 * List<Message> replies = UdpFlood.send(resolver.udpAddress(), InetAddress.getByName("127.0.0.2"), query, 5000);
 * }</pre>
 */
public final class UdpFlood {
    private static final Duration QUIET = Duration.ofMillis(1500);

    private UdpFlood() {}

    public static List<Message> send(InetSocketAddress server, InetAddress source, Message query, int count)
            throws IOException, InterruptedException {
        List<Message> replies = new ArrayList<>();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(source, 0))) {
            socket.setReceiveBufferSize(4 << 20);
            socket.setSoTimeout((int) QUIET.toMillis());
            Thread receiver = Thread.ofPlatform().daemon().start(() -> receive(socket, replies));
            byte[] wire = query.toWire();
            for (int i = 0; i < count; i++) {
                byte[] p = Arrays.copyOf(wire, wire.length);
                p[0] = (byte) (i >>> 8);
                p[1] = (byte) i;
                socket.send(new DatagramPacket(p, p.length, server));
            }
            receiver.join();
        }
        synchronized (replies) {
            return List.copyOf(replies);
        }
    }

    private static void receive(DatagramSocket socket, List<Message> replies) {
        byte[] buf = new byte[65535];
        while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
                Message m = new Message(Arrays.copyOf(buf, p.getLength()));
                synchronized (replies) {
                    replies.add(m);
                }
            } catch (SocketTimeoutException e) {
                return;
            } catch (IOException e) {
                return;
            }
        }
    }
}

package org.camsink.resolver.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.Message;

/**
 * A scripted upstream over real UDP and TCP on one port of 127.0.0.1, for the faults a real server will not
 * produce: each query gets whatever raw replies the script returns for it (none: silence), so a reply may carry
 * the wrong ID, the wrong question, a TC bit, or be garbage. Over TCP the replies are framed and the connection
 * is closed after them. It counts the queries it saw on each transport.
 */
public final class FaultyUpstream implements AutoCloseable {
    /** The replies to one query; {@code tcp} tells which transport it came over. */
    @FunctionalInterface
    public interface Script {
        List<byte[]> replies(Message query, boolean tcp) throws IOException;
    }

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final Script script;
    private final AtomicInteger udpQueries = new AtomicInteger();
    private final AtomicInteger tcpQueries = new AtomicInteger();

    private FaultyUpstream(Script script) throws IOException {
        this.script = script;
        DatagramSocket u = null;
        ServerSocket t = null;
        for (int attempt = 0; t == null; attempt++) {
            u = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try {
                t = new ServerSocket(u.getLocalPort(), 50, InetAddress.getLoopbackAddress());
            } catch (IOException taken) {
                u.close();
                if (attempt == 20) {
                    throw taken;
                }
            }
        }
        this.udp = u;
        this.tcp = t;
        Thread.ofPlatform().daemon().name("faulty upstream udp").start(this::udpLoop);
        Thread.ofPlatform().daemon().name("faulty upstream tcp").start(this::tcpLoop);
    }

    public static FaultyUpstream start(Script script) throws IOException {
        return new FaultyUpstream(script);
    }

    private void udpLoop() {
        byte[] buf = new byte[65535];
        while (!udp.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                udp.receive(p);
                Message query = new Message(Arrays.copyOf(buf, p.getLength()));
                udpQueries.incrementAndGet();
                for (byte[] reply : script.replies(query, false)) {
                    udp.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                }
            } catch (IOException | RuntimeException e) {
                if (udp.isClosed()) {
                    return;
                }
            }
        }
    }

    private void tcpLoop() {
        while (!tcp.isClosed()) {
            try {
                Socket s = tcp.accept();
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                if (tcp.isClosed()) {
                    return;
                }
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setSoTimeout(5000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] buf = new byte[in.readUnsignedShort()];
            in.readFully(buf);
            Message query = new Message(buf);
            tcpQueries.incrementAndGet();
            OutputStream out = s.getOutputStream();
            for (byte[] reply : script.replies(query, true)) {
                out.write(new byte[] {(byte) (reply.length >>> 8), (byte) reply.length});
                out.write(reply);
            }
            out.flush();
        } catch (IOException | RuntimeException e) {
            // the client went away, or the script failed: the client sees a closed connection
        }
    }

    /** {@code 127.0.0.1:PORT}, as written in {@code upstreams:}. */
    public String hostPort() {
        return "127.0.0.1:" + udp.getLocalPort();
    }

    public int udpQueries() {
        return udpQueries.get();
    }

    public int tcpQueries() {
        return tcpQueries.get();
    }

    /** Queries seen over both transports. */
    public int queries() {
        return udpQueries.get() + tcpQueries.get();
    }

    @Override
    public void close() throws IOException {
        udp.close();
        tcp.close();
    }
}

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * An upstream on one 127.0.0.1 port, UDP and TCP, for floods a real server makes awkward:
 * <ul>
 *   <li>a name under {@code big.test.}: a TXT answer of about {@link #BIG_ANSWER} bytes (over UDP: an empty
 *       truncated reply, so the resolver asks again over TCP);</li>
 *   <li>a name under {@code slow.test.}: never answered;</li>
 *   <li>anything else: one A record, 192.0.2.10, TTL 300.</li>
 * </ul>
 */
public final class BigAnswerUpstream implements AutoCloseable {
    public static final int BIG_ANSWER = 60_000;
    private static final Name BIG = Name.fromConstantString("big.test.");
    private static final Name SLOW = Name.fromConstantString("slow.test.");
    private static final List<String> STRINGS = strings();

    private final DatagramSocket udp;
    private final ServerSocket tcp;

    private BigAnswerUpstream() throws IOException {
        udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        tcp = new ServerSocket(udp.getLocalPort(), 64, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("big upstream udp").start(this::udpLoop);
        Thread.ofPlatform().daemon().name("big upstream tcp").start(this::acceptLoop);
    }

    public static BigAnswerUpstream start() throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                return new BigAnswerUpstream();
            } catch (java.net.BindException busy) {
                if (attempt > 5) {
                    throw busy;
                }
            }
        }
    }

    private static List<String> strings() {
        List<String> s = new ArrayList<>();
        for (int i = 0; i < BIG_ANSWER / 256; i++) {
            s.add("x".repeat(255));
        }
        return s;
    }

    /** The reply, or null to stay silent. */
    static Message answer(Message query, boolean overTcp) {
        Name name = query.getQuestion().getName();
        if (name.subdomain(SLOW)) {
            return null;
        }
        Message r = new Message(query.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.getHeader().setFlag(Flags.RA);
        if (query.getHeader().getFlag(Flags.RD)) {
            r.getHeader().setFlag(Flags.RD);
        }
        r.addRecord(query.getQuestion(), Section.QUESTION);
        if (name.subdomain(BIG) && query.getQuestion().getType() == Type.TXT) {
            if (!overTcp) {
                r.getHeader().setFlag(Flags.TC);
                return r;
            }
            for (int at = 0; at < STRINGS.size(); at += 200) {
                r.addRecord(new TXTRecord(name, DClass.IN, 3600, STRINGS.subList(at, Math.min(STRINGS.size(), at + 200))),
                        Section.ANSWER);
            }
        } else if (query.getQuestion().getType() == Type.A) {
            r.addRecord(new ARecord(name, DClass.IN, 300, new byte[] {(byte) 192, 0, 2, 10}), Section.ANSWER);
        }
        return r;
    }

    private void udpLoop() {
        byte[] buf = new byte[65535];
        while (!udp.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                udp.receive(p);
                Message reply = answer(new Message(Arrays.copyOf(buf, p.getLength())), false);
                if (reply != null) {
                    byte[] wire = reply.toWire(512);
                    udp.send(new DatagramPacket(wire, wire.length, p.getSocketAddress()));
                }
            } catch (IOException | RuntimeException e) {
                if (udp.isClosed()) {
                    return;
                }
            }
        }
    }

    private void acceptLoop() {
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

    private static void serve(Socket s) {
        try (s) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
                byte[] q = new byte[in.readUnsignedShort()];
                in.readFully(q);
                Message reply = answer(new Message(q), true);
                if (reply != null) {
                    byte[] wire = reply.toWire();
                    byte[] framed = new byte[wire.length + 2];
                    framed[0] = (byte) (wire.length >>> 8);
                    framed[1] = (byte) wire.length;
                    System.arraycopy(wire, 0, framed, 2, wire.length);
                    out.write(framed);
                    out.flush();
                }
            }
        } catch (IOException | RuntimeException e) {
            // the resolver closed the connection
        }
    }

    /** {@code 127.0.0.1:PORT}, as written in {@code upstreams:}. */
    public String hostPort() {
        return "127.0.0.1:" + udp.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        udp.close();
        tcp.close();
    }
}

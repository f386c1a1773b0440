package org.camsink.resolver.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;

/**
 * A plain test client: one message over UDP or TCP, optionally from a chosen local address such as
 * {@code 127.0.0.2}, with a timeout. Raw-byte variants send anything at all (garbage tests). Every call is bounded
 * by its timeout; nothing retries.
 */
public final class DnsClient {
    private DnsClient() {}

    /** A query for {@code name} and {@code type} with RD set and a random ID. */
    public static Message query(String name, int type) {
        try {
            return Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN));
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static Message udp(InetSocketAddress server, Message query, Duration timeout) throws IOException {
        return udp(server, query, timeout, null);
    }

    /** Sends over UDP from {@code source} (null: any loopback port) and parses the reply. */
    public static Message udp(InetSocketAddress server, Message query, Duration timeout, InetAddress source) throws IOException {
        return new Message(udpRaw(server, query.toWire(), timeout, source));
    }

    /** Sends raw bytes over UDP and returns the raw reply; throws SocketTimeoutException when none comes. */
    public static byte[] udpRaw(InetSocketAddress server, byte[] packet, Duration timeout, InetAddress source) throws IOException {
        InetSocketAddress bind = new InetSocketAddress(source != null ? source
                : server.getAddress().isLoopbackAddress() ? server.getAddress() : InetAddress.getLoopbackAddress(), 0);
        try (DatagramSocket socket = new DatagramSocket(bind)) {
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            socket.send(new DatagramPacket(packet, packet.length, server));
            byte[] buf = new byte[65535];
            DatagramPacket reply = new DatagramPacket(buf, buf.length);
            socket.receive(reply);
            return Arrays.copyOf(buf, reply.getLength());
        }
    }

    public static Message tcp(InetSocketAddress server, Message query, Duration timeout) throws IOException {
        return tcp(server, query, timeout, null);
    }

    /** One query on a fresh TCP connection. */
    public static Message tcp(InetSocketAddress server, Message query, Duration timeout, InetAddress source) throws IOException {
        try (Connection c = connect(server, timeout, source)) {
            c.send(query.toWire());
            return new Message(c.receive());
        }
    }

    public static Connection connect(InetSocketAddress server, Duration timeout) throws IOException {
        return connect(server, timeout, null);
    }

    /** An open TCP connection for pipelining and raw framing tests. */
    public static Connection connect(InetSocketAddress server, Duration timeout, InetAddress source) throws IOException {
        Socket s = new Socket();
        try {
            if (source != null) {
                s.bind(new InetSocketAddress(source, 0));
            }
            s.connect(server, (int) timeout.toMillis());
            s.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            return new Connection(s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** A TCP connection speaking RFC 7766 framing. */
    public static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final DataInputStream in;
        private final OutputStream out;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new DataInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        /** Sends one message with its two-byte length prefix. */
        public void send(byte[] message) throws IOException {
            byte[] framed = new byte[message.length + 2];
            framed[0] = (byte) (message.length >>> 8);
            framed[1] = (byte) message.length;
            System.arraycopy(message, 0, framed, 2, message.length);
            sendRaw(framed);
        }

        /** Sends bytes exactly as given (no framing). */
        public void sendRaw(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** Reads one framed message; throws SocketTimeoutException or EOFException. */
        public byte[] receive() throws IOException {
            int length = in.readUnsignedShort();
            byte[] buf = new byte[length];
            in.readFully(buf);
            return buf;
        }

        public Message receiveMessage() throws IOException {
            return new Message(receive());
        }

        /** True when the server closed the connection within {@code timeout}. */
        public boolean closedByServer(Duration timeout) throws IOException {
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            try {
                return in.read() < 0;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException reset) {
                return true;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}

package org.camsink.blocklists.export;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Map;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A tiny authoritative server on 127.0.0.1 for tests: answers A queries from a fixed table, an empty NOERROR for
 * the names above them, NXDOMAIN otherwise.
 * It stands in for the internet behind an Unbound under test, so response-IP policies can be exercised.
 */
final class FixedAnswerServer implements AutoCloseable {
    private final DatagramSocket socket;
    private final Map<String, String> answers;
    private final Thread thread;

    FixedAnswerServer(Map<String, String> answers) throws SocketException {
        this.answers = Map.copyOf(answers);
        this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        this.socket.setSoTimeout(200);
        this.thread = new Thread(this::serve, "fixed-answer-dns");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        byte[] buf = new byte[1500];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(packet);
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                byte[] reply = answer(query).toWire(512);
                socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
            } catch (SocketTimeoutException e) {
                // poll the closed flag
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private Message answer(Message query) throws IOException {
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        reply.getHeader().setFlag(Flags.AA);
        Record question = query.getQuestion();
        reply.addRecord(question, Section.QUESTION);
        String name = question.getName().toString(true).toLowerCase(java.util.Locale.ROOT);
        String address = answers.get(name);
        boolean parent = answers.keySet().stream().anyMatch(k -> k.endsWith("." + name));
        if (address == null && !parent) {
            reply.getHeader().setRcode(Rcode.NXDOMAIN);
        } else if (question.getType() == Type.A) {
            reply.addRecord(new ARecord(Name.fromString(name + "."), DClass.IN, 60, InetAddress.getByName(address)),
                    Section.ANSWER);
        }
        return reply;
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join(2000);
    }
}

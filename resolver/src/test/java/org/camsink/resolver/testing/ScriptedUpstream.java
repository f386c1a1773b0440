package org.camsink.resolver.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.xbill.DNS.Message;

/**
 * A tiny fake upstream for answers a real server will not produce (an unrelated extra record, silence): a UDP
 * socket on 127.0.0.1 that answers each query with whatever {@code script} returns (null: stay silent). The
 * reply gets the query's ID. It counts the queries it saw.
 */
public final class ScriptedUpstream implements AutoCloseable {
    private final DatagramSocket socket;
    private final Function<Message, Message> script;
    private final AtomicInteger queries = new AtomicInteger();
    private final Thread thread;

    private ScriptedUpstream(Function<Message, Message> script) throws SocketException {
        this.script = script;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.thread = Thread.ofPlatform().daemon().name("scripted upstream").start(this::loop);
    }

    public static ScriptedUpstream start(Function<Message, Message> script) throws SocketException {
        return new ScriptedUpstream(script);
    }

    private void loop() {
        byte[] buf = new byte[65535];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                Message query = new Message(Arrays.copyOf(buf, p.getLength()));
                queries.incrementAndGet();
                Message reply = script.apply(query);
                if (reply != null) {
                    reply.getHeader().setID(query.getHeader().getID());
                    byte[] wire = reply.toWire();
                    socket.send(new DatagramPacket(wire, wire.length, p.getSocketAddress()));
                }
            } catch (IOException | RuntimeException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    /** {@code 127.0.0.1:PORT}, as written in {@code upstreams:}. */
    public String hostPort() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    public int queries() {
        return queries.get();
    }

    @Override
    public void close() {
        socket.close();
        thread.interrupt();
    }
}

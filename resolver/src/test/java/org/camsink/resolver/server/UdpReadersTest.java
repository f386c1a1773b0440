package org.camsink.resolver.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.camsink.resolver.pipeline.Transport;
import org.camsink.resolver.testing.DnsClient;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Several receiving threads on one UDP address ({@code server.udpReaders}), over real sockets on 127.0.0.1: every
 * query is answered, whether a reader answers it at once or hands it to a worker, the queries of many clients
 * are spread over more than one reader, and close() ends every reader and frees the port.
 */
class UdpReadersTest {
    private static final Duration WAIT = Duration.ofSeconds(2);

    /**
     * Answers NOERROR with the question: names starting with "f" at once (through the AtOnce of the reader that
     * received it, noted in {@link #answeredBy}), every other name on a worker.
     */
    static final class EchoHandler implements PacketHandler {
        final Set<Object> answeredBy = ConcurrentHashMap.newKeySet();
        final Set<String> handledBy = ConcurrentHashMap.newKeySet();

        static byte[] reply(byte[] packet) {
            try {
                Message request = new Message(packet);
                Message response = new Message(request.getHeader().getID());
                response.getHeader().setFlag(Flags.QR);
                response.getHeader().setRcode(Rcode.NOERROR);
                response.addRecord(request.getQuestion(), Section.QUESTION);
                return response.toWire();
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException(e);
            }
        }

        @Override
        public Reply handle(byte[] packet, InetAddress client, Transport transport) {
            handledBy.add("worker");
            return Reply.of(reply(packet));
        }

        @Override
        public AtOnce atOnce() {
            String reader = Thread.currentThread().getName();
            return new AtOnce() {
                @Override
                public int answer(byte[] packet, int length, InetAddress client, byte[] out) {
                    if (packet[13] != 'f') {
                        return -1;
                    }
                    byte[] wire = reply(java.util.Arrays.copyOf(packet, length));
                    System.arraycopy(wire, 0, out, 0, wire.length);
                    return wire.length;
                }

                @Override
                public void sent() {
                    answeredBy.add(reader);
                }
            };
        }
    }

    private static UdpListener start(int readers, EchoHandler handler, ExecutorService workers) throws Exception {
        UdpListener l = new UdpListener(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), readers, handler,
                workers, new InFlightBudget(1 << 20));
        l.start();
        return l;
    }

    @Test
    void queriesFromManyClientsAreAllAnsweredAndSpreadOverTheReaders() throws Exception {
        EchoHandler handler = new EchoHandler();
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            UdpListener l = start(4, handler, workers);
            try {
                assertThat(l.readers()).hasSize(4);
                InetSocketAddress server = l.localAddress();
                for (int i = 0; i < 60; i++) { // each query from a new source port: a new flow for SO_REUSEPORT
                    String name = (i % 3 == 0 ? "slow" : "fast") + i + ".example.";
                    Message answer = DnsClient.udp(server, DnsClient.query(name, Type.A), WAIT);
                    assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
                    assertThat(answer.getQuestion().getName().toString()).isEqualTo(name);
                }
                assertThat(handler.handledBy).containsExactly("worker");
                if (ReusePortSockets.reusePortSupported()) {
                    // 40 flows over 4 sockets all landing on one would happen with a probability of 4^-39
                    assertThat(handler.answeredBy).hasSizeGreaterThan(1);
                }
                assertThat(handler.answeredBy).allSatisfy(n -> assertThat((String) n).startsWith("udp " + server));
            } finally {
                l.close();
            }
        }
    }

    @Test
    void closeEndsEveryReaderAndFreesThePort() throws Exception {
        EchoHandler handler = new EchoHandler();
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            UdpListener l = start(3, handler, workers);
            InetSocketAddress server = l.localAddress();
            DnsClient.udp(server, DnsClient.query("fast.example.", Type.A), WAIT);
            List<Thread> readers = l.readers();
            assertThat(readers).hasSize(3).allSatisfy(t -> assertThat(t.isAlive()).isTrue());
            l.close();
            assertThat(readers).allSatisfy(t -> assertThat(t.isAlive()).as(t.getName()).isFalse());
            assertThatThrownBy(() -> DnsClient.udp(server, DnsClient.query("fast.example.", Type.A), Duration.ofMillis(300)))
                    .isInstanceOf(SocketTimeoutException.class);
            try (DatagramSocket again = new DatagramSocket(server)) { // no socket of ours holds the port any more
                assertThat(again.getLocalPort()).isEqualTo(server.getPort());
            }
        }
    }

    @Test
    void aPortHeldByAnotherSocketIsAnErrorEvenWithSeveralReaders() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            InetSocketAddress address = (InetSocketAddress) taken.getLocalSocketAddress();
            assertThatThrownBy(() -> new UdpListener(address, 4, new EchoHandler(), workers,
                    new InFlightBudget(1 << 20)))
                    .isInstanceOf(java.net.BindException.class);
        }
    }
}

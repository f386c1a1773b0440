package org.camsink.resolver.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import org.camsink.resolver.net.HostPort;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;

/** Which PTR questions leave the machine, and to whom: never a public client, never a public upstream. */
class ReverseNamesTest {

    @Test
    void asksOnlyLocalUpstreamsAndOnlyAboutLocalClients() throws Exception {
        try (DatagramSocket upstream = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             ReverseNames names = new ReverseNames(
                     List.of(new HostPort(InetAddress.getLoopbackAddress(), upstream.getLocalPort())),
                     Duration.ofMillis(300))) {
            upstream.setSoTimeout(700);
            assertThat(names.disabled()).isFalse();

            assertThat(names.nameOf(InetAddress.getByName("8.8.4.4"))).isNull();
            assertThat(names.nameOf(InetAddress.getByName("2001:db8::1"))).isNull();
            assertThat(receive(upstream)).as("no question about a public client").isNull();

            assertThat(names.nameOf(InetAddress.getByName("192.168.1.5"))).isNull(); // asked in the background
            upstream.setSoTimeout(5000);
            Message q = receive(upstream);
            assertThat(q).isNotNull();
            assertThat(q.getQuestion().getName().toString()).isEqualTo("5.1.168.192.in-addr.arpa.");
            // a late question about a public client would have arrived first and failed the name check above
        }
    }

    @Test
    void publicUpstreamsAloneMeanNoNames() throws Exception {
        try (ReverseNames names = new ReverseNames(List.of(new HostPort(InetAddress.getByName("149.112.112.112"), 53)),
                Duration.ofMillis(300))) {
            assertThat(names.disabled()).isTrue();
            assertThat(names.nameOf(InetAddress.getByName("10.1.2.3"))).isNull();
        }
    }

    @Test
    void localRangesAreRecognised() throws Exception {
        for (String a : List.of("127.0.0.2", "10.0.0.1", "172.16.5.4", "192.168.0.1", "100.64.1.1", "169.254.1.1", "fd00::1", "fe80::1", "::1")) {
            assertThat(ReverseNames.isLocal(InetAddress.getByName(a))).as(a).isTrue();
        }
        for (String a : List.of("8.8.8.8", "100.128.0.1", "172.32.0.1", "2001:db8::1")) {
            assertThat(ReverseNames.isLocal(InetAddress.getByName(a))).as(a).isFalse();
        }
        assertThat(ReverseNames.clean("hall-camera.lan")).isEqualTo("hall-camera.lan");
        assertThat(ReverseNames.clean("bad\tname")).isNull();
    }

    private static Message receive(DatagramSocket s) throws Exception {
        byte[] buf = new byte[512];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            s.receive(p);
            return new Message(java.util.Arrays.copyOf(buf, p.getLength()));
        } catch (SocketTimeoutException e) {
            return null;
        }
    }
}

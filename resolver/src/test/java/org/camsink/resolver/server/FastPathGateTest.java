package org.camsink.resolver.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.camsink.resolver.config.Config;
import org.camsink.resolver.net.HostPort;
import org.camsink.resolver.pipeline.Resolution;
import org.camsink.resolver.pipeline.ResolutionKind;
import org.camsink.resolver.testing.DnsClient;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The receiving thread's use of a {@link BlockWriter}, over real UDP: a reply it wrote is sent only when the gate
 * admits the client, a gate that refuses leaves the packet to the pipeline (which drops or refuses it as its own
 * rate limit and access list say), and a question the writer declines never asks the gate, so it does not spend
 * a rate-limit token on the receiving thread and another one in the pipeline. The gate's refusal is simulated:
 * the real rate limiter exempts loopback clients, the only ones a test may use.
 */
class FastPathGateTest {
    private static final Duration SHORT = Duration.ofMillis(300);

    /** Answers every question with a fixed 12-byte NXDOMAIN header, or declines names starting with "pass". */
    static final class FixedWriter implements BlockWriter {
        @Override
        public int write(byte[] p, int nameEnd, boolean edns, boolean dnssecOk, int maxUdp, byte[] out) {
            if (p[13] == 'p') {
                return -1;
            }
            System.arraycopy(p, 0, out, 0, 12);
            out[2] = (byte) 0x81;
            out[3] = (byte) 0x83;
            out[4] = 0;
            out[5] = 0;
            out[11] = 0;
            return 12;
        }

        @Override
        public Resolution resolution(InetAddress client) {
            return Resolution.of(null, ResolutionKind.BLOCKED, "fixed");
        }
    }

    static final class CountingGate implements AnswerGate {
        final AtomicInteger asked = new AtomicInteger();
        final AtomicBoolean admit = new AtomicBoolean(true);
        final Object state = new Object();

        @Override
        public boolean admits(InetAddress client) {
            asked.incrementAndGet();
            return admit.get();
        }

        @Override
        public Object answersState() {
            return state;
        }

        @Override
        public BlockWriter blockWriter(int ednsPayload) {
            return new FixedWriter();
        }
    }

    @Test
    void theGateDecidesAfterTheWriterAndARefusalGoesToThePipeline() throws Exception {
        CountingGate gate = new CountingGate();
        List<String> told = new CopyOnWriteArrayList<>();
        QueryService service = new QueryService(() -> q -> Resolution.of(null, ResolutionKind.DROPPED, "pipeline"),
                1232, (q, r, t) -> told.add(q.name() + " " + r.kind() + " " + r.reason()), () -> gate);
        try (DnsServer server = DnsServer.start(List.of(HostPort.parse("127.0.0.1:0", 53)),
                new Config.Server(Duration.ofSeconds(5), 10, 1232), service)) {
            var address = server.udpAddresses().get(0);
            Message blocked = DnsClient.udp(address, DnsClient.query("x.test.", Type.A), SHORT);
            assertThat(blocked.getRcode()).isEqualTo(Rcode.NXDOMAIN);
            assertThat(gate.asked).hasValue(1);

            assertThatThrownBy(() -> DnsClient.udp(address, DnsClient.query("pass.test.", Type.A), SHORT))
                    .isInstanceOf(SocketTimeoutException.class);
            assertThat(gate.asked).as("a declined question does not ask the gate").hasValue(1);

            gate.admit.set(false);
            assertThatThrownBy(() -> DnsClient.udp(address, DnsClient.query("y.test.", Type.A), SHORT))
                    .isInstanceOf(SocketTimeoutException.class);
            assertThat(gate.asked).hasValue(2);
            for (int i = 0; i < 200 && told.size() < 3; i++) {
                Thread.sleep(5);
            }
            assertThat(told).containsExactlyInAnyOrder("x.test. BLOCKED fixed", "pass.test. DROPPED pipeline",
                    "y.test. DROPPED pipeline");
        }
    }
}

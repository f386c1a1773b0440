package org.camsink.resolver.server;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Why TCP connections were turned away or closed early, summed over every listener. For {@code /metrics}. */
public final class TcpCounters {
    final LongAdder deniedAtAccept = new LongAdder();
    final LongAdder overClientCap = new LongAdder();
    final LongAdder overTotalCap = new LongAdder();
    final LongAdder responseReceived = new LongAdder();
    final LongAdder idle = new LongAdder();
    final LongAdder lifetime = new LongAdder();
    final LongAdder overByteBudget = new LongAdder();

    /** Every count by its reason, as {@code /metrics} labels them. */
    public Map<String, Long> byReason() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("denied", deniedAtAccept());
        m.put("client_cap", overClientCap());
        m.put("total_cap", overTotalCap());
        m.put("response", responseReceived());
        m.put("idle", idle());
        m.put("lifetime", lifetime());
        m.put("byte_budget", overByteBudget());
        return m;
    }

    /** Closed at accept because the client ACL does not allow the source; nothing was read. */
    public long deniedAtAccept() {
        return deniedAtAccept.sum();
    }

    /** Closed at accept because the client already had {@code server.tcpMaxConnectionsPerClient} open. */
    public long overClientCap() {
        return overClientCap.sum();
    }

    /** Closed at accept because {@code server.tcpMaxConnections} were open. */
    public long overTotalCap() {
        return overTotalCap.sum();
    }

    /** Closed because the client sent a response (QR set), which no DNS client sends to a server. */
    public long responseReceived() {
        return responseReceived.sum();
    }

    /** Closed after {@code server.tcpIdleTimeout} without a complete query. */
    public long idle() {
        return idle.sum();
    }

    /** Closed at the end of {@code server.tcpMaxLifetime}. */
    public long lifetime() {
        return lifetime.sum();
    }

    /** Closed because the queries read and not yet answered stayed over {@code server.tcpConnectionBytes}. */
    public long overByteBudget() {
        return overByteBudget.sum();
    }
}

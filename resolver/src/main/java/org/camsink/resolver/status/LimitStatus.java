package org.camsink.resolver.status;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the per-client limits turned away since start, for {@code /metrics}. The rate-limit and RRL counts start
 * again from zero when a reload changes their settings.
 *
 * @param tcpClosed TCP connections closed early, by reason ({@code denied}, {@code client_cap}, {@code total_cap},
 *                  {@code response}, {@code idle}, {@code lifetime}, {@code byte_budget})
 */
public record LimitStatus(long limitedByClient, long limitedByNetwork, long rrlSlipped, long rrlDropped,
                          Map<String, Long> tcpClosed) {
    public LimitStatus {
        tcpClosed = Collections.unmodifiableMap(new LinkedHashMap<>(tcpClosed)); // in the order given
    }

    public static LimitStatus none() {
        return new LimitStatus(0, 0, 0, 0, Map.of());
    }
}

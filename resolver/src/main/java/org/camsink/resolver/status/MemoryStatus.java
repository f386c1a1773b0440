package org.camsink.resolver.status;

/**
 * What the byte budgets hold now, for {@code /metrics}: queries in flight ({@code server.inFlightMaxBytes}) and the
 * queries shed when it was full, and the answer cache with the server's hot-answer table ({@code cache.maxBytes}).
 */
public record MemoryStatus(long inFlightBytes, long inFlightMaxBytes, long shedUdp, long shedTcp, long cacheBytes,
                           long hotAnswerBytes, long cacheMaxBytes, long cacheEntries, long cacheEvictions) {
    public static MemoryStatus none() {
        return new MemoryStatus(0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}

package org.camsink.resolver.discovery;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.camsink.resolver.net.Cidr;

/**
 * Which LAN devices are cameras: the addresses the owner marked ({@code discovery.cameras}) and the devices that
 * asked for an entry of a camera-vendor list. At most {@code capacity} learned devices are kept; beyond that the
 * ones whose last vendor query is oldest are forgotten, so a flood of spoofed sources cannot grow it.
 */
final class Cameras {
    /** A learned camera's last vendor query is written back at most this often (one map write per second). */
    private static final long TOUCH_MILLIS = 1000;

    private final int capacity;
    private final LongSupplier clockMillis;
    private final Map<InetAddress, Learned> learned = new ConcurrentHashMap<>();
    private final ReentrantLock trimming = new ReentrantLock();
    private volatile List<Cidr> marked = List.of();

    Cameras(int capacity, LongSupplier clockMillis) {
        this.capacity = capacity;
        this.clockMillis = clockMillis;
    }

    void mark(List<Cidr> cidrs) {
        this.marked = List.copyOf(cidrs);
    }

    /** The device asked for a camera-vendor list entry of {@code list}. */
    void learn(InetAddress client, String list) {
        long now = clockMillis.getAsLong();
        Learned l = learned.get(client);
        if (l != null) {
            if (now - l.lastSeen >= TOUCH_MILLIS) {
                l.lastSeen = now;
            }
            return;
        }
        learned.putIfAbsent(client, new Learned(list, now));
        if (learned.size() > capacity && trimming.tryLock()) {
            try {
                Oldest.trim(learned, x -> x.lastSeen, capacity - capacity / 8);
            } finally {
                trimming.unlock();
            }
        }
    }

    boolean isCamera(InetAddress client) {
        return learned.containsKey(client) || markedCamera(client);
    }

    private boolean markedCamera(InetAddress client) {
        for (Cidr c : marked) {
            if (c.contains(client)) {
                return true;
            }
        }
        return false;
    }

    /** The learned cameras, most recent first, and the marked ranges. */
    List<CandidateTable.Camera> snapshot() {
        List<CandidateTable.Camera> out = new ArrayList<>();
        learned.forEach((a, l) -> out.add(new CandidateTable.Camera(a.getHostAddress(), l.list, Instant.ofEpochMilli(l.firstSeen),
                Instant.ofEpochMilli(l.lastSeen))));
        out.sort(Comparator.comparing(CandidateTable.Camera::lastSeen).reversed()
                .thenComparing(CandidateTable.Camera::address));
        for (Cidr c : marked) {
            out.add(new CandidateTable.Camera(c.toString(), null, null, null));
        }
        return out;
    }

    int learnedCount() {
        return learned.size();
    }

    private static final class Learned {
        final String list;
        final long firstSeen;
        volatile long lastSeen;

        Learned(String list, long now) {
            this.list = list;
            this.firstSeen = now;
            this.lastSeen = now;
        }
    }
}

package org.camsink.resolver.cache;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.camsink.resolver.config.Config;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;

/**
 * Wire-format answers keyed by {@link CacheKey}. Each entry is the serialized response with ID 0 and the offsets
 * of its TTL fields, found once at insert; a hit copies the bytes, writes the client's ID and the remaining TTLs,
 * and never shares a {@link Message} between threads.
 *
 * <p>TTLs: a positive answer lives for its smallest record TTL, clamped to {@code minTtl..maxTtl}. A negative
 * answer (NXDOMAIN, or NOERROR without answer records) lives for min(SOA TTL, SOA minimum, negativeMaxTtl)
 * (RFC 2308) and is not cached at all without an SOA. SERVFAIL, truncated and other answers are never cached.
 *
 * <p>Size: at most {@code maxEntries}, and at most {@link Config.Cache#answersMaxBytes()} bytes of heap, counted per
 * entry as its wire bytes, its TTL offsets, its name and a fixed {@link #ENTRY_OVERHEAD} for the objects around
 * them. When either is full, a batch of 5 % goes at once, so inserts stay cheap: expired
 * entries first, then entries not asked for since the last eviction looked at them (a second-chance clock: a hit
 * marks its entry, and the eviction scan clears the mark of each marked entry it passes instead of removing it).
 * So names that are asked for again and again stay, and one-off names go first. Expired entries are kept for
 * {@code staleMaxAge} when serve-stale is on (RFC 8767).
 */
public final class AnswerCache {
    /** Heap of one entry besides its arrays' contents and name: the map node, the entry, the key, array headers. */
    static final int ENTRY_OVERHEAD = 160;

    private final ConcurrentHashMap<CacheKey, Entry> map = new ConcurrentHashMap<>();
    private final Config.Cache settings;
    private final LongSupplier clock;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final AtomicLong bytes = new AtomicLong();

    /**
     * One cached answer. TTLs in {@code wire} are the ones at {@code storedMillis}. {@code used} is the clock's
     * mark: set by a hit, cleared by an eviction scan. It is a plain field: a lost update only changes which of
     * two similar entries goes first.
     */
    private static final class Entry {
        final byte[] wire;
        final int[] ttlOffsets;
        final long storedMillis;
        final long expiresMillis;
        boolean used;

        Entry(byte[] wire, int[] ttlOffsets, long storedMillis, long expiresMillis) {
            this.wire = wire;
            this.ttlOffsets = ttlOffsets;
            this.storedMillis = storedMillis;
            this.expiresMillis = expiresMillis;
        }
    }

    public AnswerCache(Config.Cache settings, LongSupplier clockMillis) {
        this.settings = settings;
        this.clock = clockMillis;
    }

    public AnswerCache(Config.Cache settings) {
        this(settings, System::currentTimeMillis);
    }

    public Config.Cache settings() {
        return settings;
    }

    public boolean enabled() {
        return settings.maxEntries() > 0;
    }

    /**
     * Stores {@code response} (already sanitized) when it is cacheable. Its OPT record is left out; the server
     * adds its own. Returns whether it was stored.
     */
    public boolean put(CacheKey key, Message response) {
        if (!enabled()) {
            return false;
        }
        long ttl = lifetime(response);
        if (ttl <= 0) {
            return false;
        }
        byte[] wire = withoutOpt(response).toWire();
        int[] offsets = WireTtls.offsets(wire);
        if (offsets == null) {
            return false;
        }
        wire[0] = 0;
        wire[1] = 0;
        for (int off : offsets) {
            long t = WireTtls.u32(wire, off);
            WireTtls.putU32(wire, off, Math.min(Math.max(t, settings.minTtl()), ttl));
        }
        long now = clock.getAsLong();
        Entry e = new Entry(wire, offsets, now, now + ttl * 1000);
        Entry old = map.put(key, e);
        bytes.addAndGet(cost(key, e) - (old == null ? 0 : cost(key, old)));
        if (full(settings.maxEntries(), settings.answersMaxBytes())) {
            evict(now, key);
        }
        return true;
    }

    /** A fresh answer with {@code id} and decremented TTLs, or null. */
    public byte[] get(CacheKey key, int id) {
        Entry e = map.get(key);
        long now = clock.getAsLong();
        if (e == null || now >= e.expiresMillis) {
            misses.increment();
            if (e != null && !keepStale(e, now)) {
                remove(key, e);
            }
            return null;
        }
        hits.increment();
        if (!e.used) {
            e.used = true; // written only when it changes, so a hot entry's line is not written on every hit
        }
        long age = (now - e.storedMillis) / 1000;
        return copy(e, id, age, -1);
    }

    /**
     * An expired answer that is still within {@code staleMaxAge}, with every TTL set to {@code staleTtl}
     * (RFC 8767), or null. Also answers for an entry that has not expired yet.
     */
    public byte[] getStale(CacheKey key, int id) {
        Entry e = map.get(key);
        long now = clock.getAsLong();
        if (e == null || !settings.serveStale() || !keepStale(e, now)) {
            return null;
        }
        return copy(e, id, 0, settings.staleTtl());
    }

    /** Whether an entry exists for {@code key} that is expired but still servable as stale. */
    public boolean hasStale(CacheKey key) {
        Entry e = map.get(key);
        long now = clock.getAsLong();
        return e != null && now >= e.expiresMillis && settings.serveStale() && keepStale(e, now);
    }

    private boolean keepStale(Entry e, long now) {
        return settings.serveStale() && now < e.expiresMillis + settings.staleMaxAge().toMillis();
    }

    private static byte[] copy(Entry e, int id, long age, long fixedTtl) {
        byte[] out = e.wire.clone();
        out[0] = (byte) (id >>> 8);
        out[1] = (byte) id;
        for (int off : e.ttlOffsets) {
            long ttl = fixedTtl >= 0 ? fixedTtl : Math.max(0, WireTtls.u32(out, off) - age);
            WireTtls.putU32(out, off, ttl);
        }
        return out;
    }

    /** Seconds this response may be cached, or 0 when it must not be. */
    long lifetime(Message response) {
        if (response.getHeader().getFlag(Flags.TC)) {
            return 0;
        }
        int rcode = response.getRcode();
        List<Record> answers = response.getSection(Section.ANSWER);
        if (rcode == Rcode.NOERROR && !answers.isEmpty()) {
            long min = Long.MAX_VALUE;
            for (int s : new int[] {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
                for (Record r : response.getSection(s)) {
                    if (r.getType() != org.xbill.DNS.Type.OPT) {
                        min = Math.min(min, r.getTTL());
                    }
                }
            }
            return Math.min(Math.max(min, settings.minTtl()), settings.maxTtl());
        }
        if (rcode == Rcode.NXDOMAIN || rcode == Rcode.NOERROR) {
            for (Record r : response.getSection(Section.AUTHORITY)) {
                if (r instanceof SOARecord soa) {
                    return Math.min(Math.min(soa.getTTL(), soa.getMinimum()), settings.negativeMaxTtl());
                }
            }
        }
        return 0;
    }

    /** The response itself when it has no OPT record (sanitized answers never do), else a copy without it. */
    private static Message withoutOpt(Message response) {
        if (response.getOPT() == null) {
            return response;
        }
        Message copy = response.clone();
        copy.removeRecord(copy.getOPT(), Section.ADDITIONAL);
        return copy;
    }

    /** The heap one entry is counted for. */
    static long cost(CacheKey key, Entry e) {
        return ENTRY_OVERHEAD + e.wire.length + 4L * e.ttlOffsets.length + key.name().length();
    }

    private boolean full(long maxEntries, long maxBytes) {
        return map.size() > maxEntries || bytes.get() > maxBytes;
    }

    /** Removes {@code e} if it is still the entry of {@code key}, and gives back its bytes. */
    private boolean remove(CacheKey key, Entry e) {
        if (map.remove(key, e)) {
            bytes.addAndGet(-cost(key, e));
            return true;
        }
        return false;
    }

    private void evict(long now, CacheKey keep) {
        long targetEntries = Math.max(0, settings.maxEntries() - Math.max(1, settings.maxEntries() / 20));
        long targetBytes = settings.answersMaxBytes() - settings.answersMaxBytes() / 20;
        long staleMillis = settings.serveStale() ? settings.staleMaxAge().toMillis() : 0;
        Iterator<Map.Entry<CacheKey, Entry>> it = map.entrySet().iterator();
        int scanned = 0;
        while (it.hasNext() && full(targetEntries, targetBytes) && scanned++ < 4096) {
            Map.Entry<CacheKey, Entry> next = it.next();
            if (now >= next.getValue().expiresMillis + staleMillis && remove(next.getKey(), next.getValue())) {
                evictions.increment();
            }
        }
        // second chance: a marked entry loses its mark and stays; an unmarked one goes. Two rounds at most, so a
        // cache where every entry was marked still frees its batch.
        for (int round = 0; round < 2 && full(targetEntries, targetBytes); round++) {
            Iterator<Map.Entry<CacheKey, Entry>> entries = map.entrySet().iterator();
            while (entries.hasNext() && full(targetEntries, targetBytes)) {
                Map.Entry<CacheKey, Entry> next = entries.next();
                Entry e = next.getValue();
                if (e.used) {
                    e.used = false;
                } else if (!next.getKey().equals(keep) && remove(next.getKey(), e)) {
                    evictions.increment();
                }
            }
        }
    }

    public long size() {
        return map.size();
    }

    /** The heap the entries are counted for (see the class comment). */
    public long bytes() {
        return bytes.get();
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }

    public long evictions() {
        return evictions.sum();
    }

    public void clear() {
        map.forEach(this::remove);
    }
}

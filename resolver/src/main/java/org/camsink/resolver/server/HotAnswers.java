package org.camsink.resolver.server;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.camsink.resolver.cache.WireTtls;
import org.camsink.resolver.pipeline.Resolution;

/**
 * Finished UDP responses to repeated questions, so a cache hit can be answered on the receiving thread from
 * bytes alone: the header and question are read by hand ({@link Question}), the response is copied into a
 * buffer the listener owns, and only the ID, the RD bit, the question's letter case and the TTLs are patched.
 * No dnsjava {@link org.xbill.DNS.Message} is parsed or built, and nothing is allocated per answer.
 *
 * <p>What gets in: only responses the full pipeline served from the answer cache (so they passed the access
 * checks, blocking and answer inspection) with no list hit, over UDP, not truncated, with a positive TTL.
 * An entry is used only while the {@link AnswerGate} state it was made under is still current (a reload or a
 * new block-list snapshot retires every entry at once), before its smallest TTL runs out, and when it fits the
 * client's UDP size. The key is the question name (any letter case), type and class, whether the query had
 * EDNS, and its DO and CD bits; EDNS options such as cookies are not part of it.
 *
 * <p>The table is a fixed array of two-way sets. Entries are immutable (final fields make them safe to read from
 * any thread with a plain array load) and stored by compare-and-set, so the table's byte count stays exact; two
 * threads storing at once only cost a re-insert. The table holds at most the gate's
 * {@link AnswerGate#hotAnswersMaxBytes()} (its share of {@code cache.maxBytes}, counted as {@link #cost}); an answer
 * that does not fit is not kept, and is answered by the full path from the answer cache instead.
 *
 * <p>What an entry keeps of its request is only what the query listeners need: the header, the question and the
 * OPT record's fixed part ({@link Question#request}), never the request's options or padding.
 */
final class HotAnswers {
    static final int SLOTS = 1 << 16;
    /** Longest response kept; longer ones take the normal path. */
    static final int MAX_WIRE = 1232;

    private static final int HAS_OPT = 1;
    private static final int DO = 2;
    private static final int CD = 4;

    /** Heap of one entry besides its arrays' contents: the entry record and five array headers. */
    static final int ENTRY_OVERHEAD = 144;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Entry[].class);

    private final Entry[] slots = new Entry[SLOTS];
    private final AtomicLong bytes = new AtomicLong();

    /**
     * One finished response. {@code wire} has ID 0 and the TTLs as they were at {@code storedMillis}. What the
     * query listeners are told is kept small: the request's bytes (parsed only if a listener asks) and the
     * resolution without its response message, which no listener reads.
     */
    record Entry(byte[] key, int hash, byte[] wire, int[] ttlOffsets, long storedMillis, long expiresMillis,
                 Object gate, Object state, byte[] request, Resolution resolution) {}

    /**
     * The header and question of one request, read by hand. Reused by one thread for every packet it reads.
     * {@link #read} accepts only a plain query: QR clear, opcode QUERY, one question with an uncompressed name,
     * no answer or authority records, and at most an EDNS version 0 OPT record as the only additional record,
     * carrying no options but cookies, NSID and padding.
     * Anything else is left to the full path, which knows every error rule.
     */
    static final class Question {
        int nameEnd;
        int type;
        int dclass;
        int flags;
        int maxUdp;
        int hash;
        /** Where the OPT record starts, or -1. */
        int optAt;

        boolean read(byte[] p, int length, int ednsPayload) {
            if (length < 17 || (p[2] & 0xF8) != 0 || p[4] != 0 || p[5] != 1 || p[6] != 0 || p[7] != 0
                    || p[8] != 0 || p[9] != 0 || p[10] != 0 || (p[11] & 0xFE) != 0) {
                return false;
            }
            int h = 0x811C9DC5;
            int pos = 12;
            while (true) {
                int len = p[pos] & 0xFF;
                if (len == 0) {
                    break;
                }
                if (len > 63 || pos + 1 + len >= length || pos + 1 + len - 12 > 254) {
                    return false;
                }
                h = (h ^ len) * 0x01000193;
                for (int i = pos + 1, end = pos + 1 + len; i < end; i++) {
                    h = (h ^ lower(p[i])) * 0x01000193;
                }
                pos += 1 + len;
            }
            nameEnd = pos + 1;
            if (nameEnd + 4 > length) {
                return false;
            }
            type = (p[nameEnd] & 0xFF) << 8 | p[nameEnd + 1] & 0xFF;
            dclass = (p[nameEnd + 2] & 0xFF) << 8 | p[nameEnd + 3] & 0xFF;
            int f = (p[3] & 0x10) != 0 ? CD : 0;
            int end = nameEnd + 4;
            maxUdp = QueryService.PLAIN_UDP;
            optAt = -1;
            if (p[11] == 1) {
                // the OPT record: root name, type 41, payload size, extended rcode, version, flags, options
                if (end + 11 > length || p[end] != 0 || p[end + 1] != 0 || p[end + 2] != 41 || p[end + 6] != 0) {
                    return false;
                }
                int payload = (p[end + 3] & 0xFF) << 8 | p[end + 4] & 0xFF;
                int rdlength = (p[end + 9] & 0xFF) << 8 | p[end + 10] & 0xFF;
                if (p[end + 5] != 0 || end + 11 + rdlength != length || !plainOptions(p, end + 11, length)) {
                    return false;
                }
                f |= HAS_OPT | ((p[end + 7] & 0x80) != 0 ? DO : 0);
                optAt = end;
                maxUdp = Math.max(QueryService.PLAIN_UDP, Math.min(payload, ednsPayload));
            } else if (end != length) {
                return false;
            }
            flags = f;
            h = (h ^ type) * 0x01000193;
            h = (h ^ dclass) * 0x01000193;
            hash = (h ^ f) * 0x01000193;
            return true;
        }

        /**
         * True when the OPT rdata {@code [from, to)} is a sequence of whole options that dnsjava parses whatever
         * their content (NSID, padding) or a cookie of a valid length (8, or 16 to 40 bytes with the server's
         * part). Any other option, or a broken one, goes to the full path, which answers FORMERR when it cannot
         * parse the request.
         */
        private static boolean plainOptions(byte[] p, int from, int to) {
            int at = from;
            while (at < to) {
                if (at + 4 > to) {
                    return false;
                }
                int code = (p[at] & 0xFF) << 8 | p[at + 1] & 0xFF;
                int len = (p[at + 2] & 0xFF) << 8 | p[at + 3] & 0xFF;
                at += 4 + len;
                boolean ok = switch (code) {
                    case 3, 12 -> true; // NSID, padding
                    case 10 -> len == 8 || len >= 16 && len <= 40; // cookie
                    default -> false;
                };
                if (!ok || at > to) {
                    return false;
                }
            }
            return true;
        }

        /**
         * A copy of the request without its EDNS options: the header, the question and, when it had one, the OPT
         * record with no options. It parses to the same question and flags.
         */
        byte[] request(byte[] p) {
            int questionEnd = nameEnd + 4;
            if (optAt < 0) {
                return Arrays.copyOf(p, questionEnd);
            }
            byte[] r = Arrays.copyOf(p, questionEnd + 11);
            System.arraycopy(p, optAt, r, questionEnd, 9);
            r[questionEnd + 9] = 0;
            r[questionEnd + 10] = 0;
            return r;
        }

        /** The lookup key: the lower-case name, type, class and flags. */
        byte[] key(byte[] p) {
            int nameLength = nameEnd - 12;
            byte[] k = new byte[nameLength + 5];
            for (int i = 0; i < nameLength; i++) {
                k[i] = (byte) lower(p[12 + i]);
            }
            System.arraycopy(p, nameEnd, k, nameLength, 4);
            k[nameLength + 4] = (byte) flags;
            return k;
        }

        boolean matches(byte[] p, byte[] key) {
            int nameLength = nameEnd - 12;
            if (key.length != nameLength + 5 || key[nameLength + 4] != flags) {
                return false;
            }
            for (int i = 0; i < nameLength; i++) {
                if (key[i] != lower(p[12 + i])) {
                    return false;
                }
            }
            return p[nameEnd] == key[nameLength] && p[nameEnd + 1] == key[nameLength + 1]
                    && p[nameEnd + 2] == key[nameLength + 2] && p[nameEnd + 3] == key[nameLength + 3];
        }

        boolean dnssecOk() {
            return (flags & DO) != 0;
        }

        /** Whether the request had an OPT record. */
        boolean edns() {
            return (flags & HAS_OPT) != 0;
        }
    }

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b & 0xFF;
    }

    private static int set(int hash) {
        int h = hash ^ hash >>> 16;
        return (h & (SLOTS - 1)) & ~1;
    }

    /** The live entry for this question, or null. */
    Entry find(Question q, byte[] packet, Object gate, Object state, long nowMillis) {
        int s = set(q.hash);
        for (int i = s; i < s + 2; i++) {
            Entry e = slots[i];
            if (e != null && e.hash == q.hash && e.gate == gate && e.state == state && nowMillis < e.expiresMillis
                    && e.wire.length <= q.maxUdp && q.matches(packet, e.key)) {
                return e;
            }
        }
        return null;
    }

    /**
     * Keeps {@code response} for this question when it qualifies (see the class comment). {@code packet} is the
     * request the response answers.
     */
    void offer(Question q, byte[] packet, byte[] response, AnswerGate gate, Object state, Resolution resolution,
               long nowMillis) {
        if (response.length > MAX_WIRE || response.length < q.nameEnd || (response[2] & 0x02) != 0
                || response[4] != 0 || response[5] != 1) {
            return;
        }
        byte[] key = q.key(packet);
        if (!q.matches(response, key)) {
            return;
        }
        int[] offsets = WireTtls.offsets(response);
        if (offsets == null) {
            return;
        }
        long minTtl = Long.MAX_VALUE;
        for (int off : offsets) {
            minTtl = Math.min(minTtl, WireTtls.u32(response, off));
        }
        if (minTtl == Long.MAX_VALUE || minTtl <= 0) {
            return;
        }
        byte[] wire = response.clone();
        wire[0] = 0;
        wire[1] = 0;
        Entry e = new Entry(key, q.hash, wire, offsets, nowMillis, nowMillis + minTtl * 1000, gate, state,
                q.request(packet), new Resolution(null, resolution.kind(), resolution.reason(), resolution.hit()));
        int s = set(q.hash);
        Entry a = slots[s];
        Entry b = slots[s + 1];
        // replace the same question, else an empty or retired slot, else the one that expires first
        int at;
        if (a == null || a.hash == q.hash && q.matches(packet, a.key)) {
            at = s;
        } else if (b == null || b.hash == q.hash && q.matches(packet, b.key)) {
            at = s + 1;
        } else if (a.gate != gate || a.state != state || a.expiresMillis <= nowMillis) {
            at = s;
        } else if (b.gate != gate || b.state != state || b.expiresMillis <= nowMillis) {
            at = s + 1;
        } else {
            at = a.expiresMillis <= b.expiresMillis ? s : s + 1;
        }
        Entry old = at == s ? a : b;
        long delta = cost(e) - (old == null ? 0 : cost(old));
        if (delta > 0 && bytes.get() + delta > gate.hotAnswersMaxBytes()) {
            return;
        }
        if (SLOT.compareAndSet(slots, at, old, e)) {
            bytes.addAndGet(delta);
        }
    }

    /** The heap an entry is counted for. */
    static long cost(Entry e) {
        return ENTRY_OVERHEAD + e.key.length + e.wire.length + 4L * e.ttlOffsets.length + e.request.length;
    }

    /** The heap the table's entries are counted for. */
    long bytes() {
        return bytes.get();
    }

    /**
     * Writes the response for {@code e} into {@code out} for this request and returns its length: the request's
     * ID, RD bit and question bytes (its letter case), and every TTL lowered by the entry's age.
     */
    static int write(Entry e, byte[] packet, Question q, byte[] out, long nowMillis) {
        byte[] wire = e.wire;
        System.arraycopy(wire, 0, out, 0, wire.length);
        out[0] = packet[0];
        out[1] = packet[1];
        out[2] = (byte) (out[2] & 0xFE | packet[2] & 0x01);
        System.arraycopy(packet, 12, out, 12, q.nameEnd - 12);
        long age = (nowMillis - e.storedMillis) / 1000;
        if (age > 0) {
            for (int off : e.ttlOffsets) {
                WireTtls.putU32(out, off, Math.max(0, WireTtls.u32(wire, off) - age));
            }
        }
        return wire.length;
    }
}

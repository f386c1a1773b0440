package org.camsink.resolver.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.camsink.resolver.config.Config;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class AnswerCacheTest {
    final AtomicLong now = new AtomicLong(1_000_000);

    static Config.Cache settings(long maxEntries, long minTtl, long maxTtl, long negMax) {
        return new Config.Cache(maxEntries, minTtl, maxTtl, negMax, true, 30, Duration.ofHours(1));
    }

    AnswerCache cache(Config.Cache s) {
        return new AnswerCache(s, now::get);
    }

    static Record rec(String name, int type, long ttl, String rdata) throws IOException {
        return Record.fromString(Name.fromString(name), type, DClass.IN, ttl, rdata, Name.root);
    }

    static Message answer(String name, long ttl) throws IOException {
        Message m = new Message(0x4242);
        m.getHeader().setFlag(Flags.QR);
        m.addRecord(Record.newRecord(Name.fromString(name), Type.A, DClass.IN), Section.QUESTION);
        m.addRecord(rec(name, Type.A, ttl, "192.0.2.1"), Section.ANSWER);
        m.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        return m;
    }

    static Message negative(String name, int rcode, long soaTtl, long soaMinimum) throws IOException {
        Message m = new Message(1);
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setRcode(rcode);
        m.addRecord(Record.newRecord(Name.fromString(name), Type.A, DClass.IN), Section.QUESTION);
        m.addRecord(rec("test.", Type.SOA, soaTtl, "ns.test. host.test. 1 3600 600 86400 " + soaMinimum), Section.AUTHORITY);
        return m;
    }

    static CacheKey key(String name) throws IOException {
        return new CacheKey(Name.fromString(name), Type.A, DClass.IN, false, false);
    }

    /** An answer of about {@code size} bytes: TXT records of 255-byte strings. */
    static Message big(String name, int size) throws IOException {
        Message m = new Message(1);
        m.getHeader().setFlag(Flags.QR);
        m.addRecord(Record.newRecord(Name.fromString(name), Type.TXT, DClass.IN), Section.QUESTION);
        java.util.List<String> strings = new java.util.ArrayList<>();
        for (int i = 0; i < size / 256; i++) {
            strings.add("x".repeat(255));
        }
        for (int at = 0; at < strings.size(); at += 200) {
            m.addRecord(new org.xbill.DNS.TXTRecord(Name.fromString(name), DClass.IN, 300,
                    strings.subList(at, Math.min(strings.size(), at + 200))), Section.ANSWER);
        }
        return m;
    }

    @Test
    void bigAnswersAreEvictedByBytesKeepingTheOnesAskedFor() throws Exception {
        Config.Cache s = new Config.Cache(100_000, 0, 86400, 3600, true, 30, Duration.ofHours(1), 4L << 20);
        AnswerCache c = cache(s);
        CacheKey hot = new CacheKey(Name.fromString("hot.test."), Type.TXT, DClass.IN, false, false);
        c.put(hot, big("hot.test.", 60_000));
        for (int i = 0; i < 400; i++) {
            CacheKey k = new CacheKey(Name.fromString("n" + i + ".test."), Type.TXT, DClass.IN, false, false);
            assertThat(c.put(k, big("n" + i + ".test.", 60_000))).isTrue();
            assertThat(c.get(hot, 1)).as("asked for after every insert, so the clock keeps it").isNotNull();
            assertThat(c.bytes()).isLessThanOrEqualTo(s.answersMaxBytes());
        }
        // 400 answers of 60 KB are 24 MB; the cache kept what fits in its 3 MiB share and no more
        assertThat(c.size()).isBetween(30L, 52L);
        assertThat(c.evictions()).isGreaterThan(340);
        c.clear();
        assertThat(c.bytes()).isZero();
    }

    @Test
    void hitPatchesTheIdAndCountsTheTtlDown() throws Exception {
        AnswerCache c = cache(settings(100, 0, 86400, 3600));
        assertThat(c.put(key("a.test."), answer("a.test.", 100))).isTrue();
        now.addAndGet(30_000);
        Message m = new Message(c.get(key("a.test."), 0xBEEF));
        assertThat(m.getHeader().getID()).isEqualTo(0xBEEF);
        assertThat(m.getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(70);
        assertThat(m.getOPT()).as("the server adds its own OPT").isNull();
        now.addAndGet(69_000);
        assertThat(new Message(c.get(key("a.test."), 1)).getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(1);
        now.addAndGet(1_000);
        assertThat(c.get(key("a.test."), 1)).isNull();
    }

    @Test
    void keyIgnoresCaseButNotTypeOrDoBit() throws Exception {
        AnswerCache c = cache(settings(100, 0, 86400, 3600));
        c.put(key("a.test."), answer("a.test.", 100));
        assertThat(c.get(key("A.TeSt."), 1)).isNotNull();
        assertThat(c.get(new CacheKey(Name.fromString("a.test."), Type.AAAA, DClass.IN, false, false), 1)).isNull();
        assertThat(c.get(new CacheKey(Name.fromString("a.test."), Type.A, DClass.IN, true, false), 1)).isNull();
    }

    @Test
    void minAndMaxTtlClampTheLifetime() throws Exception {
        AnswerCache c = cache(settings(100, 60, 600, 3600));
        c.put(key("short.test."), answer("short.test.", 5));
        c.put(key("long.test."), answer("long.test.", 86400));
        assertThat(new Message(c.get(key("short.test."), 1)).getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(60);
        assertThat(new Message(c.get(key("long.test."), 1)).getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(600);
        now.addAndGet(61_000);
        assertThat(c.get(key("short.test."), 1)).isNull();
    }

    @Test
    void negativeAnswersLiveForTheSoaMinimumCappedByNegativeMaxTtl() throws Exception {
        AnswerCache c = cache(settings(100, 0, 86400, 3600));
        assertThat(c.lifetime(negative("nx.test.", Rcode.NXDOMAIN, 3600, 120))).isEqualTo(120);
        assertThat(c.lifetime(negative("nx.test.", Rcode.NXDOMAIN, 50, 120))).isEqualTo(50);
        assertThat(c.lifetime(negative("nodata.test.", Rcode.NOERROR, 3600, 300))).isEqualTo(300);
        AnswerCache capped = cache(settings(100, 0, 86400, 30));
        assertThat(capped.lifetime(negative("nx.test.", Rcode.NXDOMAIN, 3600, 120))).isEqualTo(30);

        c.put(key("nx.test."), negative("nx.test.", Rcode.NXDOMAIN, 3600, 120));
        Message m = new Message(c.get(key("nx.test."), 7));
        assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(m.getSection(Section.AUTHORITY).get(0).getTTL()).isEqualTo(120);
    }

    @Test
    void uncacheableAnswersAreNotStored() throws Exception {
        AnswerCache c = cache(settings(100, 0, 86400, 3600));
        Message noSoa = new Message(1);
        noSoa.getHeader().setRcode(Rcode.NXDOMAIN);
        noSoa.addRecord(Record.newRecord(Name.fromString("x.test."), Type.A, DClass.IN), Section.QUESTION);
        assertThat(c.put(key("x.test."), noSoa)).isFalse();
        Message servfail = answer("y.test.", 300);
        servfail.getHeader().setRcode(Rcode.SERVFAIL);
        assertThat(c.put(key("y.test."), servfail)).isFalse();
        Message truncated = answer("z.test.", 300);
        truncated.getHeader().setFlag(Flags.TC);
        assertThat(c.put(key("z.test."), truncated)).isFalse();
        assertThat(c.put(key("zero.test."), answer("zero.test.", 0))).isFalse();
        assertThat(c.size()).isZero();
    }

    @Test
    void staleEntriesAreServedWithTheStaleTtlUntilStaleMaxAge() throws Exception {
        AnswerCache c = cache(settings(100, 0, 86400, 3600));
        c.put(key("s.test."), answer("s.test.", 10));
        now.addAndGet(20_000);
        assertThat(c.get(key("s.test."), 1)).isNull();
        assertThat(c.hasStale(key("s.test."))).isTrue();
        Message stale = new Message(c.getStale(key("s.test."), 9));
        assertThat(stale.getHeader().getID()).isEqualTo(9);
        assertThat(stale.getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(30);
        now.addAndGet(Duration.ofHours(1).toMillis());
        assertThat(c.getStale(key("s.test."), 9)).isNull();
    }

    @Test
    void sizeStaysBounded() throws Exception {
        AnswerCache c = cache(settings(50, 0, 86400, 3600));
        for (int i = 0; i < 500; i++) {
            c.put(key("n" + i + ".test."), answer("n" + i + ".test.", 300));
            assertThat(c.size()).isLessThanOrEqualTo(50);
        }
        assertThat(c.evictions()).isGreaterThanOrEqualTo(450);
        assertThat(c.get(key("n499.test."), 1)).as("the newest entry survives").isNotNull();
    }

    /** 20 names asked for all the time and a stream of one-off names: eviction takes the one-off names. */
    @Test
    void namesInUseOutliveOneOffNames() throws Exception {
        AnswerCache c = cache(settings(100, 0, 86400, 3600));
        for (int h = 0; h < 20; h++) {
            c.put(key("hot" + h + ".test."), answer("hot" + h + ".test.", 3600));
        }
        for (int i = 0; i < 2000; i++) {
            c.put(key("once" + i + ".test."), answer("once" + i + ".test.", 3600));
            for (int h = 0; h < 20; h++) {
                assertThat(c.get(key("hot" + h + ".test."), 1)).as("hot%d after %d one-off names", h, i).isNotNull();
            }
        }
        assertThat(c.size()).isLessThanOrEqualTo(100);
        assertThat(c.evictions()).isGreaterThanOrEqualTo(1900);
    }

    @Test
    void zeroMaxEntriesDisablesTheCache() throws Exception {
        AnswerCache c = cache(settings(0, 0, 86400, 3600));
        assertThat(c.enabled()).isFalse();
        assertThat(c.put(key("a.test."), answer("a.test.", 100))).isFalse();
    }
}

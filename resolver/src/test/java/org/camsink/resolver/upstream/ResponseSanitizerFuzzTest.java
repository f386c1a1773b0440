package org.camsink.resolver.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.util.List;
import org.camsink.resolver.cache.AnswerCache;
import org.camsink.resolver.cache.CacheKey;
import org.camsink.resolver.config.ConfigLoader;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Coverage-guided fuzzing of {@link ResponseSanitizer} on any upstream reply dnsjava can parse, asked with the
 * reply's own question. It never throws; what it keeps is a subset of the reply, section by section, with the
 * same rcode (or SERVFAIL and no answer for a broken CNAME chain or an extended rcode); sanitizing again changes nothing; and the result can be written, read back, and stored in and read
 * from the answer cache. Seeds: {@code ResponseSanitizerFuzzTestInputs/}.
 */
class ResponseSanitizerFuzzTest {
    private static final AnswerCache CACHE = new AnswerCache(ConfigLoader.defaults().cache(), () -> 1_000_000L);

    @FuzzTest(maxDuration = "2m")
    void sanitizedAnswersAreASubsetThatStaysPut(byte[] wire) throws IOException {
        Message reply;
        try {
            reply = new Message(wire);
        } catch (IOException | RuntimeException e) {
            return; // dnsjava's parse error: the forwarder never sees such a reply (ReplyMatcher drops it)
        }
        Record question = reply.getQuestion();
        if (question == null) {
            return;
        }
        Message out = ResponseSanitizer.sanitize(question, reply);
        if (out.getRcode() != reply.getRcode()) {
            assertThat(out.getRcode()).as("only a broken CNAME chain or an extended rcode changes the rcode")
                    .isEqualTo(Rcode.SERVFAIL);
            assertThat(out.getSection(Section.ANSWER)).isEmpty();
        }
        for (int s : new int[] {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
            List<Record> kept = out.getSection(s);
            assertThat(reply.getSection(s)).as("section %d keeps only what was sent", s).containsAll(kept);
        }
        Message again = ResponseSanitizer.sanitize(question, out);
        for (int s : new int[] {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
            assertThat(again.getSection(s)).as("sanitizing twice, section %d", s).isEqualTo(out.getSection(s));
        }
        Message read = new Message(out.toWire());
        assertThat(read.getSection(Section.ANSWER)).hasSameSizeAs(out.getSection(Section.ANSWER));
        CacheKey key = new CacheKey(question.getName(), question.getType(), question.getDClass(), false, false);
        if (CACHE.put(key, out)) {
            byte[] cached = CACHE.get(key, 0x4242);
            assertThat(cached).isNotNull();
            assertThat(new Message(cached).getSection(Section.ANSWER)).isEqualTo(out.getSection(Section.ANSWER));
        }
        CACHE.clear();
    }
}

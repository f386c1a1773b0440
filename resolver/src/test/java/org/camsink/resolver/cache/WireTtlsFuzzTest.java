package org.camsink.resolver.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Coverage-guided fuzzing of the cache's TTL scanner ({@link WireTtls}), checked against dnsjava's parser. Any
 * bytes: no exception, and every offset lies inside the message in increasing order. Bytes dnsjava reads as a
 * whole message: the scanner finds exactly its records (but OPT), and each offset holds that record's TTL, so
 * patching TTLs in a cached answer never writes into anything else. Seeds: {@code WireTtlsFuzzTestInputs/}.
 */
class WireTtlsFuzzTest {

    @FuzzTest(maxDuration = "${camsink.fuzz.duration:10s}")
    void offsetsPointAtTheTtlOfEveryRecord(byte[] wire) {
        int[] offsets = WireTtls.offsets(wire);
        if (offsets != null) {
            int previous = 11;
            for (int off : offsets) {
                assertThat(off).isGreaterThan(previous);
                assertThat(off + 4).isLessThanOrEqualTo(wire.length);
                previous = off;
            }
        }
        Message m;
        try {
            m = new Message(wire);
        } catch (IOException | RuntimeException e) {
            return;
        }
        if (m.getHeader().getFlag(Flags.TC)) {
            return; // dnsjava stops quietly at the end of a truncated message; the scanner declines it
        }
        List<Long> ttls = new ArrayList<>();
        for (int s : new int[] {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
            for (Record r : m.getSection(s)) {
                if (r.getType() != Type.OPT) {
                    ttls.add(r.getTTL());
                }
            }
        }
        assertThat(offsets).as("dnsjava reads this message, so the scanner must").isNotNull();
        List<Long> found = new ArrayList<>();
        for (int off : offsets) {
            found.add(WireTtls.u32(wire, off));
        }
        assertThat(found).isEqualTo(ttls);
    }
}

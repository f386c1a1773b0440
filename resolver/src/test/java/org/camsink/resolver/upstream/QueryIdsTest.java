package org.camsink.resolver.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueryIdsTest {
    @Test
    void idsSpreadOverTheWholeRangeAndBatchesDiffer() {
        QueryIds ids = new QueryIds();
        int[] first = new int[2048];
        int[] second = new int[2048];
        Set<Integer> distinct = new HashSet<>();
        int high = 0;
        for (int i = 0; i < 100_000; i++) {
            int id = ids.next();
            assertThat(id).isBetween(0, 0xFFFF);
            distinct.add(id);
            if (id >= 0x8000) {
                high++;
            }
            if (i < 2048) {
                first[i] = id;
            } else if (i < 4096) {
                second[i - 2048] = id;
            }
        }
        // 100k draws from 65536 values leave about 51k distinct ones when they are uniform
        assertThat(distinct.size()).isGreaterThan(48_000);
        assertThat(high).isBetween(48_000, 52_000);
        assertThat(Arrays.equals(first, second)).isFalse();
    }
}

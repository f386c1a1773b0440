package org.camsink.lambda.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.camsink.lambda.aggregate.AggregateRow;
import org.camsink.lambda.aggregate.Grain;
import org.junit.jupiter.api.Test;

/** The suppression rules on many random grains, checked against their definition. */
class SuppressionTest {
    private static final int K = 5;

    @Test
    void noWithheldGroupAddsUpToFewerThanKInstallations() {
        Random random = new Random(20261127);
        for (int round = 0; round < 500; round++) {
            List<AggregateRow> rows = randomGrain(random);
            boolean[] hidden = Suppression.hidden(rows, Grain.DAY_REGION_LIST, K);
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).installations() < K) {
                    assertThat(hidden[i]).as("primary %s", rows.get(i)).isTrue();
                }
            }
            assertSafe(rows, hidden, r -> r.day() + "|" + r.list());   // regions add up to the country's list row
            assertSafe(rows, hidden, r -> r.day() + "|" + r.region()); // lists add up to the region's row
        }
    }

    @Test
    void kOfOneWithholdsOnlyEmptyCells() {
        List<AggregateRow> rows = List.of(row("UA-30", "trassir", 0), row("UA-32", "trassir", 1),
                row("UA-46", "trassir", 7));
        assertThat(Suppression.hidden(rows, Grain.DAY_REGION_LIST, 1)).containsExactly(true, false, false);
    }

    @Test
    void theSmallestVisibleCellIsTheOneWithheld() {
        List<AggregateRow> rows = List.of(row("UA-30", "trassir", 2), row("UA-32", "trassir", 9),
                row("UA-46", "trassir", 6), row("UA-51", "trassir", 30));
        // 2 alone is below k; 2 + 6 = 8 is not
        assertThat(Suppression.hidden(rows, Grain.DAY_REGION, K)).containsExactly(true, false, true, false);
    }

    private static void assertSafe(List<AggregateRow> rows, boolean[] hidden, Function<AggregateRow, String> group) {
        Map<String, long[]> sums = new HashMap<>(); // hidden installations, hidden cells, cells
        for (int i = 0; i < rows.size(); i++) {
            long[] s = sums.computeIfAbsent(group.apply(rows.get(i)), g -> new long[3]);
            if (hidden[i]) {
                s[0] += rows.get(i).installations();
                s[1]++;
            }
            s[2]++;
        }
        sums.forEach((g, s) -> {
            if (s[1] > 0 && s[1] < s[2]) {
                assertThat(s[0]).as("withheld installations in %s", g).isGreaterThanOrEqualTo(K);
            }
        });
    }

    private static List<AggregateRow> randomGrain(Random random) {
        List<AggregateRow> rows = new ArrayList<>();
        int regions = 1 + random.nextInt(6);
        int lists = 1 + random.nextInt(4);
        for (int r = 0; r < regions; r++) {
            for (int l = 0; l < lists; l++) {
                int installations = random.nextInt(3) == 0 ? random.nextInt(K) : random.nextInt(4 * K);
                rows.add(row("UA-" + (30 + r), "list" + l, installations));
            }
        }
        return rows;
    }

    private static AggregateRow row(String region, String list, long installations) {
        return new AggregateRow(Grain.DAY_REGION_LIST, "UA", "2026-11-26", region, list, null, installations,
                installations + 3, installations, installations * 10);
    }
}

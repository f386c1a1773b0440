package org.camsink.lambda.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.camsink.lambda.aggregate.AggregateRow;
import org.camsink.lambda.aggregate.Grain;

/**
 * Which cells of one grain to withhold.
 *
 * <p><b>Primary:</b> every cell backed by fewer than {@code k} installations.
 *
 * <p><b>Complementary:</b> the cells of a grain add up to a coarser grain that is published too: the regions of a
 * list to the country's row of that list, the lists of a region (clients and queries) to the region's row, the
 * entries of a list to the list's row. When the withheld cells of such a group are backed by fewer than {@code k}
 * installations together, their total could be read off as the coarser row minus the visible cells, so the
 * visible cell with the fewest installations is withheld as well, until the withheld cells together reach
 * {@code k} or the whole group is withheld. A group is every row of the grain that shares all other key columns
 * (including the day); a withheld cell in one kind of group can break another, so the passes repeat until nothing
 * changes. With {@code k = 1} only empty cells are withheld, and a zero read off by subtraction tells nothing that
 * k allows to hide, so there is no complementary step. The rows given must be the whole grain for the days asked, before any filter, so that a filtered
 * answer hides exactly what the unfiltered one does.
 */
final class Suppression {
    private Suppression() {}

    /** {@code hidden[i]} says whether {@code rows.get(i)} is withheld. */
    static boolean[] hidden(List<AggregateRow> rows, Grain grain, int k) {
        boolean[] hidden = new boolean[rows.size()];
        for (int i = 0; i < hidden.length; i++) {
            hidden[i] = rows.get(i).installations() < k;
        }
        List<Function<AggregateRow, List<String>>> groupings = groupings(grain);
        boolean changed = k > 1;
        while (changed) {
            changed = false;
            for (Function<AggregateRow, List<String>> groupKey : groupings) {
                Map<List<String>, List<Integer>> groups = new LinkedHashMap<>();
                for (int i = 0; i < rows.size(); i++) {
                    groups.computeIfAbsent(groupKey.apply(rows.get(i)), key -> new ArrayList<>()).add(i);
                }
                for (List<Integer> group : groups.values()) {
                    changed |= protect(rows, group, hidden, k);
                }
            }
        }
        return hidden;
    }

    /**
     * The other key columns of each dimension that can be summed over, entries first, then lists, then regions:
     * cells withheld inside a region often already cover the region's group, so fewer visible cells go. Over
     * lists only without entries: an entry row has no roll-up across lists.
     */
    private static List<Function<AggregateRow, List<String>>> groupings(Grain grain) {
        List<Function<AggregateRow, List<String>>> g = new ArrayList<>();
        if (grain.hasEntry()) {
            g.add(r -> key(r.day(), r.region(), r.list()));
        }
        if (grain.hasList() && !grain.hasEntry()) {
            g.add(r -> key(r.day(), r.region(), null));
        }
        if (grain.hasRegion()) {
            g.add(r -> key(r.day(), r.list(), r.entry()));
        }
        return g;
    }

    private static List<String> key(String a, String b, String c) {
        List<String> key = new ArrayList<>(3);
        key.add(a);
        key.add(b);
        key.add(c);
        return key;
    }

    /** Withholds the smallest visible cells of one group until it is safe; true when it withheld any. */
    private static boolean protect(List<AggregateRow> rows, List<Integer> group, boolean[] hidden, int k) {
        long hiddenSum = 0;
        int hiddenCount = 0;
        List<Integer> visible = new ArrayList<>();
        for (int i : group) {
            if (hidden[i]) {
                hiddenSum += rows.get(i).installations();
                hiddenCount++;
            } else {
                visible.add(i);
            }
        }
        if (hiddenCount == 0 || visible.isEmpty() || hiddenSum >= k) {
            return false;
        }
        visible.sort(Comparator.<Integer>comparingLong(i -> rows.get(i).installations())
                .thenComparing(i -> String.valueOf(rows.get(i).region()))
                .thenComparing(i -> String.valueOf(rows.get(i).list()))
                .thenComparing(i -> String.valueOf(rows.get(i).entry())));
        for (int i : visible) {
            if (hiddenSum >= k) {
                break;
            }
            hidden[i] = true;
            hiddenSum += rows.get(i).installations();
        }
        return true;
    }
}

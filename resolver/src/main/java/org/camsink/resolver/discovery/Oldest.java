package org.camsink.resolver.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/** Trims a map to a size by dropping the values seen longest ago. Only for small maps on rare paths. */
final class Oldest {
    private Oldest() {}

    /** Removes the entries with the smallest {@code seen} until {@code keep} remain; returns how many went. */
    static <K, V> int trim(Map<K, V> map, ToLongFunction<V> seen, int keep) {
        List<Map.Entry<K, V>> all = new ArrayList<>(map.entrySet());
        int excess = all.size() - keep;
        if (excess <= 0) {
            return 0;
        }
        all.sort((a, b) -> Long.compare(seen.applyAsLong(a.getValue()), seen.applyAsLong(b.getValue())));
        int dropped = 0;
        for (int i = 0; i < excess; i++) {
            if (map.remove(all.get(i).getKey(), all.get(i).getValue())) {
                dropped++;
            }
        }
        return dropped;
    }
}

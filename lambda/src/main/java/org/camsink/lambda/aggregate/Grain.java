package org.camsink.lambda.aggregate;

import java.util.Arrays;
import java.util.Optional;

/**
 * The groupings that aggregation stores exactly. Every grain includes the day: installation pseudonyms rotate
 * daily by design, so distinct installations over several days cannot be counted by anybody. Dropping the region
 * or the list is exact because those roll-ups are computed from the pseudonym sets, not summed.
 * Entry rows always carry their list.
 */
public enum Grain {
    DAY("d", false, false, false),
    DAY_REGION("dr", true, false, false),
    DAY_LIST("dl", false, true, false),
    DAY_REGION_LIST("drl", true, true, false),
    DAY_LIST_ENTRY("dle", false, true, true),
    DAY_REGION_LIST_ENTRY("drle", true, true, true);

    /** The value of the region or list column in a roll-up over all regions or all lists. */
    public static final String ALL = "*";

    private final String code;
    private final boolean region;
    private final boolean list;
    private final boolean entry;

    Grain(String code, boolean region, boolean list, boolean entry) {
        this.code = code;
        this.region = region;
        this.list = list;
        this.entry = entry;
    }

    /** A short stable code used in storage keys. */
    public String code() {
        return code;
    }

    public boolean hasRegion() {
        return region;
    }

    public boolean hasList() {
        return list;
    }

    public boolean hasEntry() {
        return entry;
    }

    public static Optional<Grain> of(boolean region, boolean list, boolean entry) {
        return Arrays.stream(values())
                .filter(g -> g.region == region && g.list == list && g.entry == entry)
                .findFirst();
    }

    public static Optional<Grain> ofCode(String code) {
        return Arrays.stream(values()).filter(g -> g.code.equals(code)).findFirst();
    }
}

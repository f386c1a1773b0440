package org.camsink.blocklists.export;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.camsink.blocklists.catalogue.Catalogue;
import org.camsink.blocklists.catalogue.VendorList;

/** Export requests built from the real bundled catalogue plus a fixture list that also has IPv4 and IPv6 ranges. */
final class ExportFixtures {
    static final Instant WHEN = Instant.parse("2026-11-27T08:00:00Z");

    private ExportFixtures() {}

    static VendorList lab() throws Exception {
        return Catalogue.read(Path.of("src/test/resources/fixtures/export/lab-vendor.yaml"));
    }

    /** Every bundled list and the fixture list. */
    static List<VendorList> allLists() throws Exception {
        List<VendorList> lists = new ArrayList<>(Catalogue.builtins());
        lists.add(lab());
        return lists;
    }

    static ExportRequest request(AntiBypass antiBypass, String name) throws Exception {
        return ExportRequest.of(allLists(), List.of(), WHEN, antiBypass, name);
    }
}

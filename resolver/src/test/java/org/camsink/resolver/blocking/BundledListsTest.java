package org.camsink.resolver.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import org.camsink.blocklists.catalogue.Catalogue;
import org.camsink.blocklists.catalogue.VendorList;
import org.junit.jupiter.api.Test;

class BundledListsTest {

    @Test
    void everyBundledListReadsExactlyAsTheCatalogueReaderReadsIt() throws Exception {
        assertThat(Catalogue.BUILTIN_IDS).isNotEmpty();
        int entries = 0;
        for (String id : Catalogue.BUILTIN_IDS) {
            // parse() is the SnakeYAML path itself, without the fallback to the catalogue reader
            VendorList fast = BundledLists.parse(new StringReader(Catalogue.builtinText(id).orElseThrow()));
            VendorList reference = Catalogue.builtin(id).orElseThrow();
            assertThat(fast).as(id).isNotNull().isEqualTo(reference);
            assertThat(BundledLists.read(id)).as(id).contains(reference);
            assertThat(fast.reviewed()).as(id).isNotNull();
            entries += fast.entries().size();
        }
        assertThat(entries).isPositive();
    }

    @Test
    void shapesItDoesNotExpectAreLeftToTheCatalogueReader() {
        assertThat(BundledLists.parse(new StringReader("id: x\nentries: []\nextra: 1\n"))).isNull();
        assertThat(BundledLists.parse(new StringReader("id: x\nentries:\n  - domain: a.example\n    typo: 1\n"))).isNull();
        assertThat(BundledLists.parse(new StringReader("id: x\nid: y\nentries: []\n"))).isNull();
        assertThat(BundledLists.parse(new StringReader("id: x\nreviewed: yesterday\nentries: []\n"))).isNull();
        assertThat(BundledLists.parse(new StringReader("[unclosed"))).isNull();
        assertThat(BundledLists.parse(new StringReader("id: x\nentries:\n  - domain: a.example\n")))
                .extracting(VendorList::domains).isEqualTo(java.util.List.of("a.example"));
    }

    @Test
    void unknownOrMalformedIdsAreAbsent() throws Exception {
        assertThat(BundledLists.read("no-such-list")).isEmpty();
        assertThat(BundledLists.read("../trassir")).isEmpty();
        assertThat(BundledLists.read("Trassir")).isEmpty();
    }
}

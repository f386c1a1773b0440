package org.camsink.resolver.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class DomainSetTest {

    private static String matched(DomainSet set, String qname) {
        Name name = Name.fromConstantString(qname + ".");
        int m = set.lookup(name);
        return m < 0 ? null : DomainSet.entry(name, m);
    }

    @Test
    void suffixRuleMatchesTheNameAndEverySubdomainInAnyCase() {
        DomainSet set = DomainSet.builder().add("trassir.com").build();
        assertThat(matched(set, "trassir.com")).isEqualTo("trassir.com");
        assertThat(matched(set, "A.cloud.TRASSIR.com")).isEqualTo("trassir.com");
        assertThat(matched(set, "TRASSIR.COM")).isEqualTo("trassir.com");
        assertThat(matched(set, "nottrassir.com")).isNull();
        assertThat(matched(set, "trassir.com.evil.org")).isNull();
        assertThat(matched(set, "com")).isNull();
        assertThat(set.lookup(Name.root)).isNegative();
    }

    @Test
    void longestMatchingEntryIsReported() {
        DomainSet set = DomainSet.builder().add("trassir.com").add("cloud.trassir.com").build();
        assertThat(matched(set, "x.ru.cloud.trassir.com")).isEqualTo("cloud.trassir.com");
        assertThat(matched(set, "www.trassir.com")).isEqualTo("trassir.com");
    }

    @Test
    void rpzScopesMatchOnlyTheNameOrOnlyBelowIt() {
        DomainSet set = DomainSet.builder()
                .add("exact.test", DomainSet.SELF, Policy.NXDOMAIN)
                .add("wild.test", DomainSet.SUBDOMAINS, Policy.NODATA)
                .build();
        assertThat(matched(set, "exact.test")).isEqualTo("exact.test");
        assertThat(matched(set, "a.exact.test")).isNull();
        assertThat(matched(set, "wild.test")).isNull();
        assertThat(matched(set, "a.b.wild.test")).isEqualTo("*.wild.test");
        assertThat(DomainSet.policy(set.lookup("exact.test"))).isEqualTo(Policy.NXDOMAIN);
        assertThat(DomainSet.policy(set.lookup("x.wild.test"))).isEqualTo(Policy.NODATA);
    }

    @Test
    void repeatedNamesMergeTheirScopesAndCountOnce() {
        DomainSet set = DomainSet.builder()
                .add("both.test", DomainSet.SELF, Policy.DROP)
                .add("both.test", DomainSet.SUBDOMAINS, Policy.DROP)
                .add("both.test", DomainSet.SELF, Policy.DROP)
                .build();
        assertThat(set.size()).isEqualTo(1);
        assertThat(matched(set, "both.test")).isEqualTo("both.test");
        assertThat(matched(set, "x.both.test")).isEqualTo("both.test");
        assertThat(DomainSet.policy(set.lookup("x.both.test"))).isEqualTo(Policy.DROP);
    }

    @Test
    void wireLookupHandlesOffsetsAndRejectsMalformedNames() {
        DomainSet set = DomainSet.builder().add("b.test").build();
        byte[] wire = Name.fromConstantString("A.B.Test.").toWire();
        byte[] padded = new byte[wire.length + 5];
        System.arraycopy(wire, 0, padded, 5, wire.length);
        assertThat(set.lookup(padded, 5)).isNotNegative();
        assertThat(DomainSet.labels(set.lookup(padded, 5))).isEqualTo(2);
        assertThat(set.lookup(new byte[] {3, 'a', 'b'}, 0)).isNegative(); // runs off the end
        assertThat(set.lookup(new byte[] {(byte) 0xC0, 12}, 0)).isNegative(); // a compression pointer
    }

    @Test
    void longNamesNearTheLimitAreHashedCorrectly() {
        String label = "a".repeat(63);
        String deep = label + "." + label + "." + label + "." + "b".repeat(61); // 253 characters
        DomainSet set = DomainSet.builder().add(deep).build();
        assertThat(matched(set, deep)).isEqualTo(deep);
        String manyLabels = "x." .repeat(120) + "deep.test";
        DomainSet set2 = DomainSet.builder().add("deep.test").build();
        assertThat(matched(set2, manyLabels)).isEqualTo("deep.test");
    }

    @Test
    void asciiFastPathRefusesWhatNeedsTheCarefulPath() {
        DomainSet.Builder b = DomainSet.builder();
        for (String s : List.of("", ".", "a..b", "a b", "*.x.test", "b\u00fccher.test", "x".repeat(64) + ".test", "a.test..")) {
            byte[] raw = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(b.addAscii(raw, 0, raw.length, DomainSet.SUFFIX, Policy.MODE)).as(s).isFalse();
        }
        assertThat(b.added()).isZero();
    }

    @Test
    void emptySetMatchesNothing() {
        assertThat(DomainSet.empty().lookup("anything.test")).isNegative();
        assertThat(DomainSet.builder().build().size()).isZero();
    }

    @Test
    void tableStaysNearTwelveBytesPerEntry() {
        DomainSet.Builder b = DomainSet.builder(100_000);
        for (int i = 0; i < 100_000; i++) {
            b.add("host" + i + ".example" + (i % 97) + ".test");
        }
        DomainSet set = b.build();
        assertThat(set.size()).isEqualTo(100_000);
        assertThat(set.tableBytes() / (double) set.size()).isLessThan(12.1);
        for (int i = 0; i < 100_000; i += 997) {
            assertThat(matched(set, "x.host" + i + ".example" + (i % 97) + ".test"))
                    .isEqualTo("host" + i + ".example" + (i % 97) + ".test");
            assertThat(matched(set, "host" + i + ".example" + (i % 97 + 1) + ".test")).isNull();
        }
    }

    /**
     * Tiny sets, where the in-place build often has to keep a run from wrapping past the table's end: every name
     * is found, a subdomain too, and an unlisted name is not.
     */
    @Test
    void inPlaceBuildFindsEveryNameAlsoWhenTheLastRunNeedsTheSpareSlots() {
        java.util.Random r = new java.util.Random(5);
        int shortened = 0;
        for (int round = 0; round < 3000; round++) {
            DomainSet.Builder b = DomainSet.builder();
            List<String> names = new ArrayList<>();
            for (int i = 0, n = 1 + r.nextInt(6); i < n; i++) {
                String name = "n" + r.nextInt(1_000_000) + ".test";
                names.add(name);
                b.add(name);
            }
            DomainSet set = b.build();
            shortened += set.homeSlots() < set.tableBytes() / 8 ? 1 : 0;
            for (String name : names) {
                assertThat(matched(set, name)).isEqualTo(name);
                assertThat(matched(set, "a.B." + name)).isEqualTo(name);
            }
            assertThat(matched(set, "m" + r.nextInt(1_000_000) + ".test")).isNull();
            assertThat(set.size()).isEqualTo(new HashSet<>(names).size());
        }
        assertThat(shortened).as("sets whose last run used the spare slots").isPositive();
    }

    /** Rules with different policies take the general build; the first policy of a repeated name wins there. */
    @Test
    void mixedPoliciesKeepTheFirstPolicyOfARepeatedName() {
        DomainSet.Builder b = DomainSet.builder();
        for (int i = 0; i < 5000; i++) {
            b.add("p" + i + ".test", DomainSet.SELF, Policy.values()[i % 4]);
        }
        for (int i = 0; i < 5000; i += 2) {
            b.add("p" + i + ".test", DomainSet.SUBDOMAINS, Policy.values()[(i + 1) % 4]);
        }
        DomainSet set = b.build();
        assertThat(set.size()).isEqualTo(5000);
        for (int i = 0; i < 5000; i++) {
            assertThat(DomainSet.policy(set.lookup("p" + i + ".test"))).isEqualTo(Policy.values()[i % 4]);
            assertThat(set.lookup("x.p" + i + ".test") >= 0).isEqualTo(i % 2 == 0);
        }
    }

    @Provide
    Arbitrary<String> names() {
        Arbitrary<String> label = Arbitraries.strings().withChars("abcXYZ019-_").ofMinLength(1).ofMaxLength(6);
        return label.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(".", l));
    }

    @Provide
    Arbitrary<List<String>> nameLists() {
        return names().list().ofMaxSize(30);
    }

    /** The set agrees with a naive model: a name matches when one of its suffixes was added. */
    @Property(tries = 200)
    void agreesWithANaiveSuffixModel(@ForAll("nameLists") List<String> entries,
                                     @ForAll("nameLists") List<String> queries) {
        DomainSet.Builder b = DomainSet.builder();
        DomainSet.Builder fast = DomainSet.builder();
        Set<String> model = new HashSet<>();
        for (String e : entries) {
            String n = DomainNames.normalize(e);
            b.add(n);
            byte[] raw = (e + ".").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(fast.addAscii(raw, 0, raw.length, DomainSet.SUFFIX, Policy.MODE)).isTrue();
            model.add(n);
        }
        DomainSet set = b.build();
        DomainSet fastSet = fast.build();
        List<String> all = new ArrayList<>(queries);
        for (String e : entries) {
            all.add(e);
            all.add("Sub." + e);
        }
        for (String q : all) {
            String expected = null;
            String lower = q.toLowerCase(java.util.Locale.ROOT);
            String[] labels = lower.split("\\.");
            for (int i = labels.length - 1; i >= 0; i--) {
                String suffix = String.join(".", java.util.Arrays.copyOfRange(labels, i, labels.length));
                if (model.contains(suffix)) {
                    expected = suffix;
                }
            }
            assertThat(matched(set, q)).as("lookup of %s in %s", q, model).isEqualTo(expected);
            assertThat(matched(fastSet, q)).as("byte-path lookup of %s", q).isEqualTo(expected);
        }
        assertThat(set.size()).isEqualTo(model.size());
    }

    @Test
    void normalizeAcceptsListSpellingsAndRejectsJunk() {
        assertThat(DomainNames.normalize(" Cloud.TRASSIR.com. ")).isEqualTo("cloud.trassir.com");
        assertThat(DomainNames.normalize("bücher.example")).isEqualTo("xn--bcher-kva.example");
        assertThat(DomainNames.normalize("_dmarc.x-y.test")).isEqualTo("_dmarc.x-y.test");
        for (String bad : List.of("", ".", "a..b", "a b", "http://x.test/", "x".repeat(64) + ".test", "a/b")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> DomainNames.normalize(bad))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}

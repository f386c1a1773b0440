package org.camsink.blocklists.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CatalogueValidationTest {
    private static final Path BROKEN = Path.of("src/test/resources/fixtures/broken");
    private static final Path LISTS = Path.of("lists");

    @Test
    void theBundledCatalogueIsValid() throws Exception {
        List<CatalogueValidator.Problem> problems = new CatalogueValidator().validate(CatalogueValidator.builtinSources());
        assertThat(problems).isEmpty();
    }

    @Test
    void everyListFileIsBundledAndEveryBundledIdHasAFile() throws IOException {
        try (Stream<Path> files = Files.list(LISTS)) {
            List<String> ids = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml")).map(n -> n.substring(0, n.length() - 5)).sorted().toList();
            assertThat(ids).containsExactlyInAnyOrderElementsOf(Catalogue.BUILTIN_IDS);
        }
    }

    @Test
    void theBundledListsCarryTheAgreedFacts() throws Exception {
        VendorList trassir = Catalogue.builtin("trassir").orElseThrow();
        assertThat(trassir.blocks()).isTrue();
        assertThat(trassir.domains()).contains("cloud.trassir.com")
                .noneMatch(d -> DomainNames.within("storage.trassir.com", d) || d.equals("trassir.com"));
        VendorList aziguard = Catalogue.builtin("aziguard").orElseThrow();
        assertThat(aziguard.entries()).isEmpty();
        assertThat(aziguard.why()).contains("no entries");
        for (String log : List.of("ezviz-hikconnect", "dahua-imou", "xmeye", "reolink-p2p")) {
            assertThat(Catalogue.builtin(log).orElseThrow().action()).as(log).isEqualTo("log");
        }
        assertThat(Catalogue.builtin("reolink-p2p").orElseThrow().domains()).hasSize(12).contains("p2p11.reolink.com");
        assertThat(Catalogue.builtins()).flatMap(VendorList::cidrs).isEmpty();
    }

    static Stream<Arguments> brokenFiles() {
        return Stream.of(
                Arguments.of("missing-source.yaml", 9, "has no source"),
                Arguments.of("bad-action.yaml", 5, "action: must be 'block' or 'log', got 'sinkhole'"),
                Arguments.of("future-review.yaml", 6, "is in the future"),
                Arguments.of("bad-domain.yaml", 9, "invalid label 'cloud_relay'"),
                Arguments.of("bad-cidr.yaml", 9, "has host bits set; the network is 192.0.2.0/24"),
                Arguments.of("shared-platform.yaml", 9, "would block the shared platform cloudfront.net"),
                Arguments.of("dup-within.yaml", 11, "'relay.example-vendor.com' overlaps 'example-vendor.com'"),
                Arguments.of("dup-exact.yaml", 11, "'vendor-dup.com' duplicates 'vendor-dup.com' (" + BROKEN.resolve("dup-exact.yaml") + ":9)"),
                Arguments.of("bad-source.yaml", 10, "must be an http(s) URL or owner/repo:path"),
                Arguments.of("missing-vendor.yaml", 0, "vendor: is required"),
                Arguments.of("missing-vendor.yaml", 3, "operatorCountry: must be an ISO 3166-1 alpha-2 code"),
                Arguments.of("unknown-key.yaml", 8, "entires"),
                Arguments.of("wrong-id.yaml", 1, "must match the file name 'wrong-id.yaml'"),
                Arguments.of("both-kinds.yaml", 9, "exactly one of domain: or cidr:"));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("brokenFiles")
    void eachBrokenFixtureIsCaughtWithFileAndLine(String file, int line, String message) throws Exception {
        Path path = BROKEN.resolve(file);
        List<CatalogueValidator.Problem> problems = validate(path);
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo(path.toString());
            assertThat(p.message()).contains(message);
            if (line > 0) {
                assertThat(p.line()).isEqualTo(line);
                assertThat(p.toString()).startsWith(path + ":" + line + ": ");
            }
        });
    }

    @Test
    void overlapsAcrossListsAreCaughtForSuffixesAndRanges() throws Exception {
        List<CatalogueValidator.Problem> problems = validate(BROKEN.resolve("cross-a.yaml"), BROKEN.resolve("cross-b.yaml"));
        assertThat(problems).extracting(CatalogueValidator.Problem::toString).containsExactlyInAnyOrder(
                BROKEN.resolve("cross-b.yaml") + ":9: 'eu.vendorcloud.com' overlaps 'vendorcloud.com' in list 'cross-a' ("
                        + BROKEN.resolve("cross-a.yaml") + ":9); an entry covers its subdomains, so keep one",
                BROKEN.resolve("cross-b.yaml") + ":11: '198.51.100.128/25' overlaps '198.51.100.0/24' in list 'cross-a' ("
                        + BROKEN.resolve("cross-a.yaml") + ":11); an entry covers its subdomains, so keep one");
        assertThat(validate(BROKEN.resolve("cross-a.yaml"))).isEmpty();
    }

    @Test
    void aListThatCollidesWithTheBundledCatalogueIsCaught() throws Exception {
        String copy = Catalogue.builtinText("trassir").orElseThrow()
                .replace("id: trassir", "id: trassir-copy");
        List<CatalogueValidator.SourceFile> files = new java.util.ArrayList<>(CatalogueValidator.builtinSources());
        files.add(new CatalogueValidator.SourceFile("trassir-copy.yaml", copy));
        assertThat(new CatalogueValidator().validate(files))
                .anySatisfy(p -> assertThat(p.message()).contains("duplicates 'cloud.trassir.com' in list 'trassir'"));
    }

    @Test
    void theReviewDateIsJudgedAgainstTheClock() throws Exception {
        Clock past = Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), ZoneOffset.UTC);
        assertThat(new CatalogueValidator(past).validate(CatalogueValidator.builtinSources()))
                .isNotEmpty().allSatisfy(p -> assertThat(p.message()).contains("is in the future"));
    }

    @Test
    void domainNamesAreCheckedStrictly() {
        assertThat(DomainNames.problem("cloud.trassir.com")).isEmpty();
        assertThat(DomainNames.problem("xn--80ak6aa92e.com")).isEmpty();
        assertThat(DomainNames.problem("Cloud.Trassir.com")).get().asString().contains("lower case");
        assertThat(DomainNames.problem("com")).get().asString().contains("single label");
        assertThat(DomainNames.problem("*.trassir.com")).isPresent();
        assertThat(DomainNames.problem("trassir.com.")).isPresent();
        assertThat(DomainNames.problem("-bad.example.com")).isPresent();
        assertThat(DomainNames.problem("10.0.0.1")).get().asString().contains("cidr:");
        assertThat(DomainNames.problem("a".repeat(64) + ".com")).isPresent();
    }

    private static List<CatalogueValidator.Problem> validate(Path... files) throws CatalogueException {
        List<CatalogueValidator.SourceFile> sources = new java.util.ArrayList<>();
        for (Path f : files) {
            sources.add(new CatalogueValidator.SourceFile(f.toString(), Catalogue.text(f)));
        }
        return new CatalogueValidator().validate(sources);
    }
}

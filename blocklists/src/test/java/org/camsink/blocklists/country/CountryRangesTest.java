package org.camsink.blocklists.country;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.camsink.blocklists.net.IpPrefix;
import org.junit.jupiter.api.Test;

class CountryRangesTest {
    static final Path FIXTURE = Path.of("src/test/resources/fixtures/country/delegated-test-extended");

    @Test
    void buildsAlignedPrefixesForOneCountryFromTheFixture() throws Exception {
        List<IpPrefix> prefixes;
        try (var in = Files.newBufferedReader(FIXTURE)) {
            prefixes = RangeSplitter.prefixes(RirDelegations.blocks(in, FIXTURE.toString(), "ru"));
        }
        assertThat(prefixes).extracting(IpPrefix::canonical).containsExactly(
                // 10.0.0.0 + 768 addresses (not a power of two): /23 then /24
                "10.0.0.0/23", "10.0.2.0/24",
                // 10.1.0.128 + 256 (unaligned start): /25, then /25
                "10.1.0.128/25", "10.1.1.0/25",
                // 10.2.0.0/24 and the adjacent 10.2.1.0/24 (assigned) merge into one /23
                "10.2.0.0/23",
                "2001:db8::/32", "2001:db9:100::/40");
    }

    @Test
    void skipsOtherCountriesStatusesTypesAndTheSummary() throws Exception {
        String text = Files.readString(FIXTURE);
        assertThat(text).contains("|UA|ipv4|", "|reserved|", "|available|", "|asn|", "|summary");
        try (var in = Files.newBufferedReader(FIXTURE)) {
            List<RirDelegations.Block> ua = RirDelegations.blocks(in, "f", "UA");
            assertThat(ua).hasSize(1);
        }
    }

    @Test
    void splitCoversExactlyTheRange() {
        BigInteger start = BigInteger.valueOf(0x0A000001L);
        BigInteger end = BigInteger.valueOf(0x0A0001FEL);
        List<IpPrefix> out = new ArrayList<>();
        RangeSplitter.split(start, end, true, out);
        BigInteger next = start;
        for (IpPrefix p : out) {
            assertThat(p.first()).isEqualTo(next);
            next = p.last().add(BigInteger.ONE);
        }
        assertThat(next.subtract(BigInteger.ONE)).isEqualTo(end);
        assertThat(out).hasSize(16);
    }

    @Test
    void badLinesAreReportedWithTheirLineNumber() {
        assertThatThrownBy(() -> RirDelegations.blocks(new StringReader(
                "2|test|20250101|3|19700101|20250101|+0000\nripencc|RU|ipv4|10.0.0.0|0|20200101|allocated\n"), "f", "RU"))
                .isInstanceOf(RirFormatException.class).hasMessageStartingWith("f:2: ipv4 count 0");
        assertThatThrownBy(() -> RirDelegations.blocks(new StringReader("ripencc|RU|ipv4|10.0.0\n"), "f", "RU"))
                .isInstanceOf(RirFormatException.class).hasMessageStartingWith("f:1: expected registry|cc|type");
        assertThatThrownBy(() -> RirDelegations.blocks(new StringReader(
                "ripencc|RU|ipv6|2001:db8::1|32|20200101|allocated\n"), "f", "RU"))
                .isInstanceOf(RirFormatException.class).hasMessageContaining("host bits");
        assertThatThrownBy(() -> RirDelegations.blocks(new StringReader(""), "f", "Russia"))
                .isInstanceOf(RirFormatException.class).hasMessageContaining("two-letter");
    }
}

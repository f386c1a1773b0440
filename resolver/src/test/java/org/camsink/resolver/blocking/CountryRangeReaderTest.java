package org.camsink.resolver.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.camsink.blocklists.country.CountryLists;
import org.camsink.resolver.blocking.format.ListContent;
import org.camsink.resolver.blocking.format.ListFormats;
import org.camsink.resolver.config.Config.ListFormat;
import org.camsink.resolver.net.Cidr;
import org.junit.jupiter.api.Test;

/** The fast reader of the bundled country lists gives the same set as the general {@code cidr} parser. */
class CountryRangeReaderTest {
    @Test
    void sameSetAsTheCidrParserForEveryBundledCountryList() throws Exception {
        Random rnd = new Random(3);
        for (String id : CountryLists.IDS) {
            byte[] data = CountryLists.bytes(id).orElseThrow();
            IpRangeSet fast = CountryRangeReader.read(data);
            ListContent slow = ListFormats.parse(ListFormat.CIDR, data, id);
            assertThat(slow.invalidLines()).isZero();
            assertThat(fast).as(id).isNotNull();
            assertThat(fast.size()).isEqualTo(slow.ranges().size()).isGreaterThan(100);
            for (String line : new String(data, StandardCharsets.US_ASCII).split("\n")) {
                if (line.startsWith("#")) {
                    continue;
                }
                Cidr c = Cidr.parse(line);
                byte[] last = c.network().clone();
                for (int bit = c.prefix(); bit < last.length * 8; bit++) {
                    last[bit / 8] |= (byte) (0x80 >>> (bit % 8));
                }
                for (byte[] a : new byte[][] {c.network(), last}) {
                    assertThat(fast.find(a)).as(line).isNotNull();
                    assertThat(fast.find(a).cidr()).as(line).isEqualTo(c).isEqualTo(slow.ranges().find(a).cidr());
                }
            }
            for (int n = 0; n < 20_000; n++) {
                byte[] a = new byte[n % 2 == 0 ? 4 : 16];
                rnd.nextBytes(a);
                if (a.length == 16) {
                    a[0] = 0x2a; // where most of the IPv6 prefixes are
                }
                IpRangeSet.Match f = fast.find(a);
                IpRangeSet.Match s = slow.ranges().find(a);
                assertThat(f == null ? null : f.cidr()).isEqualTo(s == null ? null : s.cidr());
            }
        }
    }

    @Test
    void anUnexpectedLineMakesItGiveUp() {
        for (String bad : new String[] {"1.2.3/24", "1.2.3.4.5/32", "256.0.0.0/8", "10.0.0.0/33", "10.0.0.0",
            "2001:db8::1::/48", "2001:db8/32", "2001:db8:0:0:0:0:0:0:1/128", "::ffff:1.2.3.4/128", "x/8", "/8",
            "12345::/16", "2001:db8::/129"}) {
            assertThat(CountryRangeReader.read(("# h\n10.0.0.0/8\n" + bad + "\n").getBytes(StandardCharsets.US_ASCII)))
                    .as(bad).isNull();
        }
        IpRangeSet ok = CountryRangeReader.read("# h\r\n10.0.0.0/8\r\n\r\n::/0\n2001:db8::/32\n1::2/128\n"
                .getBytes(StandardCharsets.US_ASCII));
        assertThat(ok).isNotNull();
        assertThat(ok.size()).isEqualTo(4);
        assertThat(ok.find(new byte[] {10, 1, 2, 3}).cidr()).isEqualTo(Cidr.parse("10.0.0.0/8"));
        assertThat(ok.find(Cidr.parse("1::2").network()).cidr()).isEqualTo(Cidr.parse("1::2/128"));
    }
}

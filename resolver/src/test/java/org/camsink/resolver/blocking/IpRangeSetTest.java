package org.camsink.resolver.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.camsink.resolver.net.Cidr;
import org.junit.jupiter.api.Test;

class IpRangeSetTest {

    private static String find(IpRangeSet set, String address) throws Exception {
        IpRangeSet.Match m = set.find(InetAddress.getByName(address).getAddress());
        return m == null ? null : m.entry();
    }

    @Test
    void mostSpecificPrefixWinsForNestedRanges() throws Exception {
        IpRangeSet set = IpRangeSet.builder()
                .add(Cidr.parse("10.0.0.0/8"))
                .add(Cidr.parse("10.1.0.0/16"))
                .add(Cidr.parse("10.1.2.3"))
                .add(Cidr.parse("192.0.2.0/24"))
                .build();
        assertThat(find(set, "10.1.2.3")).isEqualTo("10.1.2.3/32");
        assertThat(find(set, "10.1.9.9")).isEqualTo("10.1.0.0/16");
        assertThat(find(set, "10.2.0.0")).isEqualTo("10.0.0.0/8");
        assertThat(find(set, "10.255.255.255")).isEqualTo("10.0.0.0/8");
        assertThat(find(set, "11.0.0.0")).isNull();
        assertThat(find(set, "9.255.255.255")).isNull();
        assertThat(find(set, "192.0.2.255")).isEqualTo("192.0.2.0/24");
        assertThat(find(set, "192.0.3.0")).isNull();
    }

    @Test
    void ipv6RangesAndFamiliesStaySeparate() throws Exception {
        IpRangeSet set = IpRangeSet.builder()
                .add(Cidr.parse("2001:db8::/32"))
                .add(Cidr.parse("2001:db8:0:1::/64"), Policy.DROP)
                .add(Cidr.parse("2001:db8::1"))
                .add(Cidr.parse("::/0"))
                .add(Cidr.parse("0.0.0.0/0"))
                .build();
        assertThat(find(set, "2001:db8:0:1::5")).isEqualTo("2001:db8:0:1:0:0:0:0/64");
        assertThat(set.find(InetAddress.getByName("2001:db8:0:1::5").getAddress()).policy()).isEqualTo(Policy.DROP);
        assertThat(find(set, "2001:db8:ffff::1")).isEqualTo("2001:db8:0:0:0:0:0:0/32");
        assertThat(find(set, "2001:db8::1")).isEqualTo("2001:db8:0:0:0:0:0:1/128");
        assertThat(find(set, "2001:db8::2")).isEqualTo("2001:db8:0:0:0:0:0:0/32");
        assertThat(find(set, "fe80::1")).isEqualTo("0:0:0:0:0:0:0:0/0");
        assertThat(find(set, "8.8.8.8")).isEqualTo("0.0.0.0/0");
        assertThat(set.find(new byte[5])).isNull();
    }

    @Test
    void duplicatesCollapse() {
        IpRangeSet set = IpRangeSet.builder().add(Cidr.parse("10.0.0.0/8")).add(Cidr.parse("10.9.9.9/8")).build();
        assertThat(set.size()).isEqualTo(1);
    }

    @Test
    void agreesWithLinearScanOnRandomPrefixes() {
        Random random = new Random(42);
        List<Cidr> cidrs = new ArrayList<>();
        IpRangeSet.Builder b = IpRangeSet.builder();
        for (int i = 0; i < 400; i++) {
            byte[] a = new byte[i % 2 == 0 ? 4 : 16];
            random.nextBytes(a);
            a[0] = (byte) (a[0] & 0x3); // crowd the prefixes so they nest
            Cidr c = new Cidr(a, random.nextInt(a.length * 8 / 2) + 2);
            cidrs.add(c);
            b.add(c);
        }
        IpRangeSet set = b.build();
        for (int i = 0; i < 5000; i++) {
            byte[] a = new byte[i % 2 == 0 ? 4 : 16];
            random.nextBytes(a);
            a[0] = (byte) (a[0] & 0x3);
            Cidr best = null;
            for (Cidr c : cidrs) {
                if (c.contains(a) && (best == null || c.prefix() > best.prefix())) {
                    best = c;
                }
            }
            IpRangeSet.Match m = set.find(a);
            assertThat(m == null ? null : m.cidr()).isEqualTo(best);
        }
    }
}

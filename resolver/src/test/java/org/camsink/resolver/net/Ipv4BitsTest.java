package org.camsink.resolver.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The copy-free IPv4 path agrees with the byte-array one it replaces on the per-query paths. */
class Ipv4BitsTest {
    private static Inet4Address v4(int bits) throws Exception {
        return (Inet4Address) InetAddress.getByAddress(
                new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits});
    }

    @Test
    void bitsAreTheAddressBytesBigEndian() throws Exception {
        assertThat(Ipv4Bits.of((Inet4Address) InetAddress.getByName("192.168.1.20"))).isEqualTo(0xC0A80114);
        assertThat(Ipv4Bits.of((Inet4Address) InetAddress.getByName("255.255.255.255"))).isEqualTo(-1);
        assertThat(Ipv4Bits.of((Inet4Address) InetAddress.getByName("0.0.0.0"))).isZero();
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 1000; i++) {
            int bits = r.nextInt();
            Inet4Address a = v4(bits);
            byte[] b = a.getAddress();
            assertThat(Ipv4Bits.of(a)).isEqualTo((b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | b[3] & 0xFF);
        }
    }

    @Test
    void containsIpv4AgreesWithTheByteArrayCheck() throws Exception {
        SplittableRandom r = new SplittableRandom(4);
        for (int i = 0; i < 5000; i++) {
            int net = r.nextInt();
            int prefix = r.nextInt(33);
            Cidr c = Cidr.parse(v4(net).getHostAddress() + "/" + prefix);
            // half the addresses share the prefix, half are anywhere
            int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
            int addr = r.nextBoolean() ? (net & mask) | (r.nextInt() & ~mask) : r.nextInt();
            byte[] bytes = v4(addr).getAddress();
            assertThat(c.containsIpv4(addr)).as("%s in %s", v4(addr).getHostAddress(), c).isEqualTo(c.contains(bytes));
        }
        assertThat(Cidr.parse("::/0").containsIpv4(0x0A000001)).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").containsIpv4(0x0A000001)).isTrue();
    }
}

package org.camsink.resolver.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The 32 bits of an IPv4 address, big-endian, without the copy that {@link InetAddress#getAddress()} makes. Every
 * JDK so far returns exactly these bits from {@link Inet4Address#hashCode()}; that is checked once, and the copy
 * is used when it does not hold. For the per-query paths (access checks, telemetry) that see every datagram.
 */
public final class Ipv4Bits {
    private static final boolean HASH_IS_ADDRESS = hashIsAddress();

    private Ipv4Bits() {}

    private static boolean hashIsAddress() {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) 203, 0, (byte) 113, (byte) 201}).hashCode() == 0xCB0071C9
                    && InetAddress.getByAddress(new byte[] {10, (byte) 255, 1, 2}).hashCode() == 0x0AFF0102;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    public static int of(Inet4Address address) {
        if (HASH_IS_ADDRESS) {
            return address.hashCode();
        }
        byte[] b = address.getAddress();
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | b[3] & 0xFF;
    }
}

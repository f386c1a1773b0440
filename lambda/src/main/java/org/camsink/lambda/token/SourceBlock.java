package org.camsink.lambda.token;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The address block a token request comes from: the IPv4 /24 or the IPv6 /48 (an IPv4-mapped IPv6 address is its
 * IPv4 address). Only {@link #hash} of it is stored: an HMAC-SHA-256 under the issuer's secret of the UTC day and
 * the block, so the counters of one day cannot be joined with another day's, and without the secret not even
 * with a guessed address.
 */
public final class SourceBlock {
    private SourceBlock() {}

    /** The block's network bytes with a family tag, or empty when {@code ip} is not a literal address. */
    public static Optional<byte[]> of(String ip) {
        if (ip == null || ip.isBlank() || !ip.matches("[0-9A-Fa-f:.]{2,45}")) {
            return Optional.empty();
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(ip); // a literal: no lookup
        } catch (java.net.UnknownHostException e) {
            return Optional.empty();
        }
        byte[] raw = address.getAddress();
        if (address instanceof Inet4Address) {
            return Optional.of(new byte[] {4, raw[0], raw[1], raw[2]});
        }
        if (address instanceof Inet6Address) {
            byte[] out = new byte[7];
            out[0] = 6;
            System.arraycopy(raw, 0, out, 1, 6);
            return Optional.of(out);
        }
        return Optional.empty();
    }

    public static String hash(byte[] secret, String day, byte[] block) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(day.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '|');
            mac.update(block);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(mac.doFinal(), 16));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}

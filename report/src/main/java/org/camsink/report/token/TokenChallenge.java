package org.camsink.report.token;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The TokenChallenge of RFC 9577 section 2.1 that camsink's reports endpoint asks for: token type 2, the issuer's
 * name, an empty redemption context and an empty origin info. Empty context and origin make the challenge the same
 * for every report, so the resolver can fetch its tokens ahead of time (RFC 9577 section 2.1.1).
 */
public record TokenChallenge(String issuerName) {
    public TokenChallenge {
        if (issuerName == null || issuerName.isEmpty() || issuerName.length() > 255) {
            throw new IllegalArgumentException("issuer name must be 1 to 255 characters");
        }
    }

    public byte[] encode() {
        byte[] issuer = issuerName.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(Token.TYPE);
        out.write(issuer.length >> 8);
        out.write(issuer.length & 0xff);
        out.writeBytes(issuer);
        out.write(0); // redemption_context<0..32>: empty
        out.write(0); // origin_info<0..2^16-1>: empty
        out.write(0);
        return out.toByteArray();
    }

    public String encodeBase64() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(encode());
    }

    /** SHA-256 of the encoding: the {@code challenge_digest} a token carries. */
    public byte[] digest() {
        return TokenKey.sha256(encode());
    }
}

package org.camsink.report.token;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;

/**
 * The Token of RFC 9577 section 2.2 for type 2: {@code token_type, nonce[32], challenge_digest[32],
 * token_key_id[32], authenticator[Nk]}, 354 bytes. The authenticator is an RSA-PSS signature over the first four
 * fields ({@link #authenticatorInput()}).
 */
public record Token(byte[] nonce, byte[] challengeDigest, byte[] keyId, byte[] authenticator) {
    public static final int TYPE = 0x0002;
    public static final int NONCE_BYTES = 32;
    public static final int LENGTH = 2 + 32 + 32 + 32 + TokenKey.NK;

    public Token {
        nonce = exact(nonce, NONCE_BYTES, "nonce");
        challengeDigest = exact(challengeDigest, 32, "challenge_digest");
        keyId = exact(keyId, 32, "token_key_id");
        authenticator = exact(authenticator, TokenKey.NK, "authenticator");
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    @Override
    public byte[] challengeDigest() {
        return challengeDigest.clone();
    }

    @Override
    public byte[] keyId() {
        return keyId.clone();
    }

    @Override
    public byte[] authenticator() {
        return authenticator.clone();
    }

    public static Token decode(byte[] bytes) throws TokenException {
        if (bytes.length != LENGTH) {
            throw new TokenException("token must be " + LENGTH + " bytes, not " + bytes.length);
        }
        int type = ((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff);
        if (type != TYPE) {
            throw new TokenException("token type must be 2, not " + type);
        }
        return new Token(Arrays.copyOfRange(bytes, 2, 34), Arrays.copyOfRange(bytes, 34, 66),
                Arrays.copyOfRange(bytes, 66, 98), Arrays.copyOfRange(bytes, 98, LENGTH));
    }

    /** {@code token_type || nonce || challenge_digest || token_key_id}: what the issuer signs, blinded. */
    public static byte[] authenticatorInput(byte[] nonce, byte[] challengeDigest, byte[] keyId) {
        return ByteBuffer.allocate(98).putShort((short) TYPE).put(nonce).put(challengeDigest).put(keyId).array();
    }

    public byte[] authenticatorInput() {
        return authenticatorInput(nonce, challengeDigest, keyId);
    }

    public byte[] encode() {
        return ByteBuffer.allocate(LENGTH).put(authenticatorInput()).put(authenticator).array();
    }

    public String encodeBase64() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(encode());
    }

    /** The nonce as base64url: the key of the spent-token record. */
    public String nonceBase64() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
    }

    private static byte[] exact(byte[] value, int length, String name) {
        if (value == null || value.length != length) {
            throw new IllegalArgumentException(name + " must be " + length + " bytes");
        }
        return value.clone();
    }
}

package org.camsink.report.token;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The TokenRequest of RFC 9578 section 6.1, media type {@code application/private-token-request}:
 * {@code token_type = 2, truncated_token_key_id, blinded_msg[Nk]}, 259 bytes. The answer (TokenResponse,
 * {@code application/private-token-response}) is the Nk-byte blind signature alone.
 */
public record TokenRequest(int truncatedKeyId, byte[] blindedMessage) {
    public static final String MEDIA_TYPE = "application/private-token-request";
    public static final String RESPONSE_MEDIA_TYPE = "application/private-token-response";
    public static final int LENGTH = 3 + TokenKey.NK;

    public TokenRequest {
        if (truncatedKeyId < 0 || truncatedKeyId > 255) {
            throw new IllegalArgumentException("truncated key id is one byte");
        }
        if (blindedMessage == null || blindedMessage.length != TokenKey.NK) {
            throw new IllegalArgumentException("blinded_msg must be " + TokenKey.NK + " bytes");
        }
        blindedMessage = blindedMessage.clone();
    }

    @Override
    public byte[] blindedMessage() {
        return blindedMessage.clone();
    }

    /** Parses a request body; the message names what is wrong (the issuer answers 422 with it). */
    public static TokenRequest decode(byte[] bytes) throws TokenException {
        if (bytes.length != LENGTH) {
            throw new TokenException("token request must be " + LENGTH + " bytes, not " + bytes.length);
        }
        int type = ((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff);
        if (type != Token.TYPE) {
            throw new TokenException("token type must be 2, not " + type);
        }
        return new TokenRequest(bytes[2] & 0xff, Arrays.copyOfRange(bytes, 3, LENGTH));
    }

    public byte[] encode() {
        return ByteBuffer.allocate(LENGTH).putShort((short) Token.TYPE).put((byte) truncatedKeyId)
                .put(blindedMessage).array();
    }
}

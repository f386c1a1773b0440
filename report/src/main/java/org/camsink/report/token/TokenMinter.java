package org.camsink.report.token;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * The client's side of issuance (RFC 9578 sections 6.1 and 6.3): a random nonce, the token input for the
 * challenge and key, blinded into a {@link TokenRequest}; then the issuer's blind signature is unblinded and
 * checked into a {@link Token}. The issuer sees only the blinded message, so the token it later sees spent cannot
 * be linked to the request.
 */
public final class TokenMinter {
    /** One request in flight: keep it until the response arrives. */
    public record Pending(TokenKey key, byte[] nonce, byte[] challengeDigest, BigInteger factor, TokenRequest request) {}

    private final SecureRandom random;

    public TokenMinter(SecureRandom random) {
        this.random = random;
    }

    public Pending request(TokenKey key, TokenChallenge challenge) throws TokenException {
        byte[] nonce = new byte[Token.NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] digest = challenge.digest();
        byte[] input = Token.authenticatorInput(nonce, digest, key.id());
        BlindRsa.Blinded blinded = BlindRsa.PSS.blind(key.rsa(), input, random);
        return new Pending(key, nonce, digest, blinded.factor(),
                new TokenRequest(key.truncatedId(), blinded.blindedMessage()));
    }

    /** Finalizes with the TokenResponse body; fails when the signature does not verify under the key. */
    public Token finish(Pending pending, byte[] response) throws TokenException {
        if (response.length != TokenKey.NK) {
            throw new TokenException("token response must be " + TokenKey.NK + " bytes, not " + response.length);
        }
        byte[] input = Token.authenticatorInput(pending.nonce(), pending.challengeDigest(), pending.key().id());
        byte[] authenticator = BlindRsa.PSS.finalize(pending.key().rsa(), input, response, pending.factor());
        return new Token(pending.nonce(), pending.challengeDigest(), pending.key().id(), authenticator);
    }
}

package org.camsink.lambda.token;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.camsink.lambda.store.SpentTokens;
import org.camsink.report.token.BlindRsa;
import org.camsink.report.token.PrivateTokenAuth;
import org.camsink.report.token.Token;
import org.camsink.report.token.TokenChallenge;
import org.camsink.report.token.TokenException;

/**
 * The check in front of report ingest: the {@code Authorization: PrivateToken token=...} header must hold a type-2
 * token for this issuer's challenge, under a key accepted now, with a valid signature ({@link #check}); then its
 * nonce is spent on the report with one conditional write ({@link #spend}). The token says nothing about who
 * fetched it: the issuer signed it blinded.
 */
public final class TokenGate {
    /** Why a report is refused: a value the handler turns into a 401 with a challenge. */
    public sealed interface Verdict {
        record Valid(Token token, Instant keyExpiry) implements Verdict {}

        record Refused(String reason) implements Verdict {}
    }

    private final Supplier<IssuerKeys> keys;
    private final TokenChallenge challenge;
    private final SpentTokens spent;
    private final Clock clock;

    public TokenGate(Supplier<IssuerKeys> keys, TokenChallenge challenge, SpentTokens spent, Clock clock) {
        this.keys = keys;
        this.challenge = challenge;
        this.spent = spent;
        this.clock = clock;
    }

    public TokenChallenge challenge() {
        return challenge;
    }

    /** The challenge header for a refusal: this issuer's challenge and the key it signs with now. */
    public String wwwAuthenticate() {
        Instant now = clock.instant();
        IssuerKeys ring = keys.get();
        IssuerKey key = ring.signing(now).orElseGet(() -> ring.accepted(now).stream().findFirst().orElse(null));
        return key == null ? PrivateTokenAuth.SCHEME + " challenge=\"" + challenge.encodeBase64() + "\""
                : PrivateTokenAuth.challenge(challenge, key.publicKey());
    }

    public Verdict check(String authorization) {
        Optional<byte[]> bytes;
        try {
            bytes = PrivateTokenAuth.tokenOf(authorization);
        } catch (TokenException e) {
            return new Verdict.Refused(e.getMessage());
        }
        if (bytes.isEmpty()) {
            return new Verdict.Refused("a PrivateToken is required; fetch one from /v1/tokens");
        }
        Token token;
        try {
            token = Token.decode(bytes.get());
        } catch (TokenException e) {
            return new Verdict.Refused(e.getMessage());
        }
        if (!java.security.MessageDigest.isEqual(token.challengeDigest(), challenge.digest())) {
            return new Verdict.Refused("token was issued for another challenge");
        }
        Instant now = clock.instant();
        for (IssuerKey key : keys.get().accepted(now)) {
            if (java.security.MessageDigest.isEqual(key.publicKey().id(), token.keyId())) {
                if (!BlindRsa.PSS.verify(key.publicKey().rsa(), token.authenticatorInput(), token.authenticator())) {
                    return new Verdict.Refused("token signature does not verify");
                }
                return new Verdict.Valid(token, key.notAfter());
            }
        }
        return new Verdict.Refused("token key is unknown or expired");
    }

    /** Spends a checked token on one report; false when it was already spent on another report. */
    public boolean spend(Verdict.Valid valid, String reportId) {
        return spent.spend(valid.token().nonceBase64(), reportId, valid.keyExpiry().getEpochSecond());
    }
}

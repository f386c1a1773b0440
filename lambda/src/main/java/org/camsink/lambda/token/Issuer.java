package org.camsink.lambda.token;

import java.io.IOException;
import java.util.function.Supplier;
import org.camsink.report.token.TokenChallenge;
import org.camsink.report.token.TokenException;

/** The issuer's settings with its key ring: what both the issuer endpoints and the ingest check are built from. */
public record Issuer(TokenConfig config, Supplier<IssuerKeys> keys) {

    /** In Lambda: the settings from the environment, the ring from the file or the secret they name. */
    public static Issuer fromEnv(java.util.Map<String, String> env) {
        TokenConfig config = TokenConfig.fromEnv(env);
        try {
            return new Issuer(config, KeySource.fromConfig(config));
        } catch (IOException | TokenException e) {
            throw new IllegalStateException("cannot read the issuer keys: " + e.getMessage(), e);
        }
    }

    public TokenChallenge challenge() {
        return new TokenChallenge(config.issuerName());
    }
}

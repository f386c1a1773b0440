package org.camsink.lambda.token;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The issuer's settings, from the environment.
 *
 * @param issuerName     {@code ISSUER_NAME}: the issuer_name of the TokenChallenge that reports must answer
 *                       (default {@code camsink})
 * @param perBlockPerDay {@code TOKENS_PER_BLOCK_PER_DAY}: tokens issued per IPv4 /24 or IPv6 /48 per UTC day
 *                       (default 96: three installations reporting hourly)
 * @param keyFile        {@code ISSUER_KEY_FILE}: the key ring as a file (the local runner; wins over the secret)
 * @param keySecret      {@code ISSUER_KEY_SECRET}: the Secrets Manager secret holding the key ring (AWS)
 */
public record TokenConfig(String issuerName, int perBlockPerDay, Optional<Path> keyFile, Optional<String> keySecret) {
    public static final String DEFAULT_ISSUER = "camsink";
    public static final int DEFAULT_PER_BLOCK_PER_DAY = 96;

    public TokenConfig {
        if (issuerName == null || issuerName.isBlank() || issuerName.length() > 255) {
            throw new IllegalArgumentException("ISSUER_NAME must be 1 to 255 characters");
        }
        if (perBlockPerDay < 1) {
            throw new IllegalArgumentException("TOKENS_PER_BLOCK_PER_DAY must be 1 or more");
        }
        keyFile = keyFile == null ? Optional.empty() : keyFile;
        keySecret = keySecret == null ? Optional.empty() : keySecret;
    }

    public static TokenConfig fromEnv(Map<String, String> env) {
        String cap = env.get("TOKENS_PER_BLOCK_PER_DAY");
        int perBlock;
        try {
            perBlock = cap == null || cap.isBlank() ? DEFAULT_PER_BLOCK_PER_DAY : Integer.parseInt(cap.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("TOKENS_PER_BLOCK_PER_DAY must be a whole number, not '" + cap + "'");
        }
        return new TokenConfig(env.getOrDefault("ISSUER_NAME", DEFAULT_ISSUER), perBlock,
                nonBlank(env.get("ISSUER_KEY_FILE")).map(Path::of), nonBlank(env.get("ISSUER_KEY_SECRET")));
    }

    /** For the local runner and tests: a key file, the default name and this cap. */
    public static TokenConfig local(Path keyFile, int perBlockPerDay) {
        return new TokenConfig(DEFAULT_ISSUER, perBlockPerDay, Optional.of(keyFile), Optional.empty());
    }

    private static Optional<String> nonBlank(String v) {
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }
}

package org.camsink.lambda.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.camsink.lambda.token.Issuer;
import org.camsink.lambda.token.IssuerKey;
import org.camsink.lambda.token.IssuerKeys;
import org.camsink.lambda.token.KeySource;
import org.camsink.lambda.token.TokenConfig;
import org.camsink.report.token.BlindRsa;
import org.camsink.report.token.PrivateTokenAuth;
import org.camsink.report.token.TokenException;
import org.camsink.report.token.TokenMinter;

/**
 * One issuer key ring for the whole test JVM (valid from 2020 to 2035, so fixed test clocks fall inside it), and
 * tokens minted with it the way a client would (blinded request, issuer's blind signature, finalization), for
 * tests whose subject is not issuance itself.
 */
public final class TestTokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    public static final IssuerKeys KEYS = new IssuerKeys(new byte[32], List.of(IssuerKey.generate(
            Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2035-01-01T00:00:00Z"), RANDOM)));
    private static Path file;

    private TestTokens() {}

    public static Issuer issuer(int perBlockPerDay) {
        return new Issuer(TokenConfig.local(file(), perBlockPerDay), KeySource.fixed(KEYS));
    }

    public static Issuer issuer() {
        return issuer(TokenConfig.DEFAULT_PER_BLOCK_PER_DAY);
    }

    /** The ring as a key file, for the local runner and child JVMs. */
    public static synchronized Path file() {
        if (file == null) {
            try {
                file = Files.createTempFile("camsink-test-issuer", ".json");
                file.toFile().deleteOnExit();
                Files.write(file, KEYS.toJson());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return file;
    }

    /** The bytes of a fresh TokenRequest for the ring's key, as a client posts them to {@code /v1/tokens}. */
    public static byte[] request() {
        try {
            return new TokenMinter(RANDOM).request(KEYS.keys().get(0).publicKey(), issuer().challenge()).request().encode();
        } catch (TokenException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh, valid {@code Authorization} value. */
    public static String authorization() {
        IssuerKey key = KEYS.keys().get(0);
        TokenMinter minter = new TokenMinter(RANDOM);
        try {
            TokenMinter.Pending p = minter.request(key.publicKey(), issuer().challenge());
            byte[] sig = BlindRsa.PSS.blindSign(key.privateKey(), p.request().blindedMessage());
            return PrivateTokenAuth.authorization(minter.finish(p, sig));
        } catch (TokenException e) {
            throw new IllegalStateException(e);
        }
    }
}

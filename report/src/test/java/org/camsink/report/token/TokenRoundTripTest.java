package org.camsink.report.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A whole type-2 issuance with a fresh 2048-bit key: request, blind signature, token, header, verification. */
class TokenRoundTripTest {
    private static TokenKey key;
    private static RSAPrivateCrtKeyParameters privateKey;
    private static final TokenChallenge CHALLENGE = new TokenChallenge("camsink.test");

    @BeforeAll
    static void generate() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        RSAPrivateCrtKey k = (RSAPrivateCrtKey) g.generateKeyPair().getPrivate();
        privateKey = new RSAPrivateCrtKeyParameters(k.getModulus(), k.getPublicExponent(), k.getPrivateExponent(),
                k.getPrimeP(), k.getPrimeQ(), k.getPrimeExponentP(), k.getPrimeExponentQ(), k.getCrtCoefficient());
        key = TokenKey.of(k.getModulus(), k.getPublicExponent());
    }

    @Test
    void theKeyEncodingHasTheShapeRfc9578Shows() throws TokenException {
        byte[] spki = key.encoded();
        // SEQUENCE (338) { SEQUENCE (61) { rsassaPss, SEQUENCE (48) {...} }, BIT STRING (271) }
        assertThat(spki).hasSize(342);
        assertThat(HexFormat.of().formatHex(spki, 0, 8)).isEqualTo("30820152303d0609");
        assertThat(TokenKey.decode(spki)).isEqualTo(key);
        assertThat(key.id()).isEqualTo(TokenKey.sha256(spki));
        assertThat(key.truncatedId()).isEqualTo(key.id()[31] & 0xff);
    }

    @Test
    void aMintedTokenVerifiesAndCarriesTheChallengeAndKey() throws Exception {
        TokenMinter minter = new TokenMinter(new SecureRandom());
        TokenMinter.Pending pending = minter.request(key, CHALLENGE);
        TokenRequest wire = TokenRequest.decode(pending.request().encode());
        assertThat(wire.truncatedKeyId()).isEqualTo(key.truncatedId());

        byte[] response = BlindRsa.PSS.blindSign(privateKey, wire.blindedMessage());
        Token token = minter.finish(pending, response);
        assertThat(token.challengeDigest()).isEqualTo(CHALLENGE.digest());
        assertThat(token.keyId()).isEqualTo(key.id());
        // The issuer saw only the blinded message, which shares nothing with the token it will later see.
        assertThat(new BigInteger(1, wire.blindedMessage())).isNotEqualTo(new BigInteger(1, token.authenticator()));

        byte[] parsed = PrivateTokenAuth.tokenOf(PrivateTokenAuth.authorization(token)).orElseThrow();
        Token back = Token.decode(parsed);
        assertThat(BlindRsa.PSS.verify(key.rsa(), back.authenticatorInput(), back.authenticator())).isTrue();
    }

    @Test
    void aResponseFromAnotherKeyIsRefusedAtFinalization() throws Exception {
        TokenMinter minter = new TokenMinter(new SecureRandom());
        TokenMinter.Pending pending = minter.request(key, CHALLENGE);
        byte[] garbage = new byte[TokenKey.NK];
        new SecureRandom().nextBytes(garbage);
        garbage[0] = 0x01;
        assertThatThrownBy(() -> minter.finish(pending, garbage)).isInstanceOf(TokenException.class);
    }

    @Test
    void authorizationValuesOfOtherSchemesOrBrokenTokensAreToldApart() throws TokenException {
        assertThat(PrivateTokenAuth.tokenOf(null)).isEmpty();
        assertThat(PrivateTokenAuth.tokenOf("Bearer abc")).isEmpty();
        assertThat(PrivateTokenAuth.tokenOf("PrivateTokenX token=abc")).isEmpty();
        assertThat(PrivateTokenAuth.tokenOf("privatetoken token=AAEC")).hasValueSatisfying(b -> assertThat(b).hasSize(3));
        assertThatThrownBy(() -> PrivateTokenAuth.tokenOf("PrivateToken token=\"***\""))
                .isInstanceOf(TokenException.class).hasMessageContaining("base64url");
        assertThatThrownBy(() -> Token.decode(new byte[10])).hasMessageContaining("354 bytes");
        assertThatThrownBy(() -> TokenRequest.decode(new byte[TokenRequest.LENGTH]))
                .hasMessageContaining("token type must be 2");
    }
}

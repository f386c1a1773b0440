package org.camsink.lambda.token;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.camsink.report.token.TokenException;
import org.camsink.report.token.TokenKey;

/**
 * One issuer key: the RSA private key (PKCS#8 DER, as the key file and the secret hold it), its public
 * {@link TokenKey}, and its window. It signs from {@code notBefore} until {@code notAfter - overlap}, and tokens
 * signed with it are accepted until {@code notAfter}, so a token fetched on the key's last signing day is still
 * good when it is spent.
 */
public record IssuerKey(byte[] pkcs8, RSAPrivateCrtKeyParameters privateKey, TokenKey publicKey, Instant notBefore,
                        Instant notAfter) {

    public static IssuerKey parse(byte[] pkcs8, Instant notBefore, Instant notAfter) throws TokenException {
        RSAPrivateCrtKey k;
        try {
            k = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (InvalidKeySpecException | ClassCastException e) {
            throw new TokenException("privateKey is not a PKCS#8 RSA private key with CRT values");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is missing from this JVM", e);
        }
        if (!notBefore.isBefore(notAfter)) {
            throw new TokenException("notBefore must be before notAfter");
        }
        RSAPrivateCrtKeyParameters p = new RSAPrivateCrtKeyParameters(k.getModulus(), k.getPublicExponent(),
                k.getPrivateExponent(), k.getPrimeP(), k.getPrimeQ(), k.getPrimeExponentP(), k.getPrimeExponentQ(),
                k.getCrtCoefficient());
        return new IssuerKey(pkcs8.clone(), p, TokenKey.of(k.getModulus(), k.getPublicExponent()), notBefore, notAfter);
    }

    /** A fresh 2048-bit key (public exponent 65537) for this window. */
    public static IssuerKey generate(Instant notBefore, Instant notAfter, SecureRandom random) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(new java.security.spec.RSAKeyGenParameterSpec(TokenKey.MODULUS_BITS, BigInteger.valueOf(65537)),
                    random);
            return parse(g.generateKeyPair().getPrivate().getEncoded(), notBefore, notAfter);
        } catch (java.security.GeneralSecurityException | TokenException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
    }

    public boolean signsAt(Instant now, java.time.Duration overlap) {
        return !now.isBefore(notBefore) && now.isBefore(notAfter.minus(overlap));
    }

    public boolean acceptedAt(Instant now) {
        return !now.isBefore(notBefore) && now.isBefore(notAfter);
    }
}

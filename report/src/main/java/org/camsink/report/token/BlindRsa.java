package org.camsink.report.token;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.engines.RSABlindingEngine;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.RSABlindingParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.util.BigIntegers;

/**
 * RSA blind signatures (RFC 9474) with SHA-384, MGF1-SHA-384 and a PSS salt of {@link #saltLength()} bytes, and the
 * identity message preparation: {@link #PSS} is the named variant RSABSSA-SHA384-PSS-Deterministic that RFC 9578
 * prescribes for token type 2 (the token input already carries a 32-byte random nonce, so no prefix is added).
 * The blinding is BouncyCastle's {@link RSABlindingEngine} under its {@link PSSSigner}: EMSA-PSS encoding, then
 * {@code m * r^e mod n}; the signer's side is the raw RSA private operation, checked against the public key before
 * anything is returned (RFC 9474 section 4.3).
 */
public final class BlindRsa {
    /** RSABSSA-SHA384-PSS-Deterministic (48-byte salt): the variant of Privacy Pass token type 2. */
    public static final BlindRsa PSS = new BlindRsa(48);
    /** RSABSSA-SHA384-PSSZERO (empty salt); only for the RFC 9474 test vectors. */
    static final BlindRsa PSS_ZERO = new BlindRsa(0);

    /** What the client keeps between {@link #blind} and {@link #finalize}: the blinded message and the factor r. */
    public record Blinded(byte[] blindedMessage, BigInteger factor) {}

    private final int saltLength;

    private BlindRsa(int saltLength) {
        this.saltLength = saltLength;
    }

    public int saltLength() {
        return saltLength;
    }

    /** Blind(pk, msg): a fresh salt and a fresh factor r, invertible mod n. */
    public Blinded blind(RSAKeyParameters publicKey, byte[] message, SecureRandom random) throws TokenException {
        byte[] salt = new byte[saltLength];
        random.nextBytes(salt);
        BigInteger n = publicKey.getModulus();
        BigInteger r;
        do {
            r = BigIntegers.createRandomInRange(BigInteger.TWO, n.subtract(BigInteger.ONE), random);
        } while (!r.gcd(n).equals(BigInteger.ONE));
        return new Blinded(blind(publicKey, message, salt, r), r);
    }

    /** Blind with a chosen salt and factor (the test vectors give both). */
    byte[] blind(RSAKeyParameters publicKey, byte[] message, byte[] salt, BigInteger r) throws TokenException {
        if (salt.length != saltLength) {
            throw new TokenException("salt must be " + saltLength + " bytes");
        }
        PSSSigner encoder = new PSSSigner(new RSABlindingEngine(), new SHA384Digest(), new SHA384Digest(), salt);
        encoder.init(true, new ParametersWithRandom(new RSABlindingParameters(publicKey, r), new SecureRandom()));
        encoder.update(message, 0, message.length);
        try {
            return fixed(encoder.generateSignature(), publicKey);
        } catch (CryptoException | RuntimeException e) {
            throw new TokenException("message cannot be encoded for this key: " + e.getMessage());
        }
    }

    /** BlindSign(sk, blinded_msg): s = z^d mod n, refused unless s^e = z (a fault would otherwise leak the key). */
    public byte[] blindSign(RSAPrivateCrtKeyParameters privateKey, byte[] blindedMessage) throws TokenException {
        BigInteger n = privateKey.getModulus();
        if (blindedMessage.length != modulusBytes(privateKey)) {
            throw new TokenException("blinded message must be " + modulusBytes(privateKey) + " bytes");
        }
        BigInteger z = new BigInteger(1, blindedMessage);
        if (z.compareTo(n) >= 0) {
            throw new TokenException("blinded message is not below the modulus");
        }
        RSAEngine rsa = new RSAEngine();
        rsa.init(true, privateKey);
        byte[] s = rsa.processBlock(blindedMessage, 0, blindedMessage.length);
        if (!new BigInteger(1, s).modPow(privateKey.getPublicExponent(), n).equals(z)) {
            throw new TokenException("signing fault: the signature does not match the blinded message");
        }
        return fixed(s, privateKey);
    }

    /** Finalize(pk, msg, blind_sig, inv): unblinds and returns the signature only when it verifies. */
    public byte[] finalize(RSAKeyParameters publicKey, byte[] message, byte[] blindSignature, BigInteger r)
            throws TokenException {
        if (blindSignature.length != modulusBytes(publicKey)) {
            throw new TokenException("blind signature must be " + modulusBytes(publicKey) + " bytes");
        }
        if (new BigInteger(1, blindSignature).compareTo(publicKey.getModulus()) >= 0) {
            throw new TokenException("blind signature is not below the modulus");
        }
        RSABlindingEngine unblind = new RSABlindingEngine();
        unblind.init(false, new RSABlindingParameters(publicKey, r));
        byte[] signature = fixed(unblind.processBlock(blindSignature, 0, blindSignature.length), publicKey);
        if (!verify(publicKey, message, signature)) {
            throw new TokenException("the issuer's signature does not verify");
        }
        return signature;
    }

    /** RSASSA-PSS-VERIFY with SHA-384, MGF1-SHA-384 and this variant's salt length. */
    public boolean verify(RSAKeyParameters publicKey, byte[] message, byte[] signature) {
        if (signature.length != modulusBytes(publicKey)) {
            return false;
        }
        PSSSigner verifier = new PSSSigner(new RSAEngine(), new SHA384Digest(), new SHA384Digest(), saltLength);
        verifier.init(false, publicKey);
        verifier.update(message, 0, message.length);
        try {
            return verifier.verifySignature(signature);
        } catch (RuntimeException e) {
            return false;
        }
    }

    static int modulusBytes(RSAKeyParameters key) {
        return (key.getModulus().bitLength() + 7) / 8;
    }

    /** I2OSP to the modulus length (the engines may drop leading zero bytes). */
    private static byte[] fixed(byte[] value, RSAKeyParameters key) {
        return BigIntegers.asUnsignedByteArray(modulusBytes(key), new BigInteger(1, value));
    }
}

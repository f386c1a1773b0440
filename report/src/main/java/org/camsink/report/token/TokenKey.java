package org.camsink.report.token;

import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.RSAKeyParameters;

/**
 * An issuer public key of token type 2 and its id. The encoding is the DER SubjectPublicKeyInfo that RFC 9578
 * section 6.5 requires: algorithm id-RSASSA-PSS with explicit parameters (SHA-384, MGF1 with SHA-384, salt 48);
 * {@code token_key_id} is the SHA-256 of those bytes, and the truncated id its last byte.
 */
public final class TokenKey {
    /** Token type 2 uses 2048-bit keys: Nk = 256 bytes. */
    public static final int MODULUS_BITS = 2048;
    public static final int NK = MODULUS_BITS / 8;

    private final RSAKeyParameters key;
    private final byte[] encoded;
    private final byte[] id;

    private TokenKey(RSAKeyParameters key, byte[] encoded) {
        this.key = key;
        this.encoded = encoded;
        this.id = sha256(encoded);
    }

    public static TokenKey of(BigInteger modulus, BigInteger publicExponent) throws TokenException {
        if (modulus.bitLength() != MODULUS_BITS) {
            throw new TokenException("token type 2 needs a " + MODULUS_BITS + "-bit RSA modulus, not "
                    + modulus.bitLength() + " bits");
        }
        AlgorithmIdentifier sha384 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha384);
        RSASSAPSSparams params = new RSASSAPSSparams(sha384,
                new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, sha384),
                new ASN1Integer(BlindRsa.PSS.saltLength()), RSASSAPSSparams.DEFAULT_TRAILER_FIELD);
        try {
            byte[] der = new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSASSA_PSS, params),
                    new RSAPublicKey(modulus, publicExponent)).getEncoded("DER");
            return new TokenKey(new RSAKeyParameters(false, modulus, publicExponent), der);
        } catch (IOException e) {
            throw new TokenException("public key cannot be encoded: " + e.getMessage());
        }
    }

    /** Reads the SPKI encoding, as {@code /v1/token-key} and the {@code token-key} challenge parameter carry it. */
    public static TokenKey decode(byte[] spki) throws TokenException {
        SubjectPublicKeyInfo info;
        RSAPublicKey rsa;
        try {
            info = SubjectPublicKeyInfo.getInstance(spki);
            rsa = RSAPublicKey.getInstance(info.parsePublicKey());
        } catch (IOException | RuntimeException e) {
            throw new TokenException("token key is not a DER SubjectPublicKeyInfo with an RSA public key");
        }
        ASN1ObjectIdentifier algorithm = info.getAlgorithm().getAlgorithm();
        if (!PKCSObjectIdentifiers.id_RSASSA_PSS.equals(algorithm)) {
            throw new TokenException("token key algorithm must be id-RSASSA-PSS, not " + algorithm);
        }
        TokenKey key = of(rsa.getModulus(), rsa.getPublicExponent());
        if (!Arrays.equals(key.encoded, spki)) {
            throw new TokenException("token key parameters must be SHA-384, MGF1-SHA-384 and a 48-byte salt");
        }
        return key;
    }

    public static TokenKey decodeBase64(String base64url) throws TokenException {
        try {
            return decode(Base64.getUrlDecoder().decode(base64url.trim()));
        } catch (IllegalArgumentException e) {
            throw new TokenException("token key is not base64url");
        }
    }

    public RSAKeyParameters rsa() {
        return key;
    }

    public byte[] encoded() {
        return encoded.clone();
    }

    /** Base64url without padding, as in the issuer directory. */
    public String encodedBase64() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(encoded);
    }

    /** {@code token_key_id}: SHA-256 of the SPKI encoding, 32 bytes. */
    public byte[] id() {
        return id.clone();
    }

    public String idHex() {
        return HexFormat.of().formatHex(id);
    }

    /** The last byte of the key id, as a TokenRequest carries it. */
    public int truncatedId() {
        return id[id.length - 1] & 0xff;
    }

    boolean hasId(byte[] other) {
        return MessageDigest.isEqual(id, other);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenKey k && Arrays.equals(encoded, k.encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

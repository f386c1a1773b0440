package org.camsink.blocklists.sign;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 signatures over list files, with the JDK's own provider.
 * <ul>
 *   <li>Signature file ({@code FILE.sig}): base64 of the raw 64-byte Ed25519 signature over the file's exact bytes,
 *       one line.</li>
 *   <li>Public key: base64 of its X.509 SubjectPublicKeyInfo encoding (44 bytes, 60 base64 characters); this is the
 *       value of a resolver list's {@code publicKey:}.</li>
 *   <li>Private key: base64 of its PKCS#8 encoding.</li>
 * </ul>
 */
public final class ListSignature {
    public static final String ALGORITHM = "Ed25519";
    public static final int SIGNATURE_BYTES = 64;

    private ListSignature() {}

    /** Where the signature of {@code file} lives when no other place is given: {@code FILE.sig} beside it. */
    public static Path signatureFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".sig");
    }

    /**
     * True when {@code sig} (the raw 64 bytes) is a valid signature of {@code data} by the key. False for a bad
     * signature, a signature of the wrong length, or a key that is not a base64 Ed25519 public key.
     */
    public static boolean verify(byte[] data, byte[] sig, String base64PublicKey) {
        if (sig == null || sig.length != SIGNATURE_BYTES) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(publicKey(base64PublicKey));
            verifier.update(data);
            return verifier.verify(sig);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The raw signature bytes from a {@code .sig} file's content (base64, surrounding whitespace ignored). */
    public static byte[] decodeSignatureFile(byte[] sigFile) {
        String text = new String(sigFile, StandardCharsets.US_ASCII).strip();
        byte[] sig = Base64.getDecoder().decode(text);
        if (sig.length != SIGNATURE_BYTES) {
            throw new IllegalArgumentException("a signature file holds base64 of 64 bytes, this one decodes to " + sig.length);
        }
        return sig;
    }

    /** The {@code .sig} file content for a raw signature. */
    public static byte[] encodeSignatureFile(byte[] sig) {
        return (Base64.getEncoder().encodeToString(sig) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Signs {@code data}; returns the raw 64-byte signature. */
    public static byte[] sign(byte[] data, PrivateKey key) throws GeneralSecurityException {
        Signature signer = Signature.getInstance(ALGORITHM);
        signer.initSign(key);
        signer.update(data);
        return signer.sign();
    }

    /** A fresh key pair. */
    public static KeyPair generate() throws GeneralSecurityException {
        return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    }

    /** Parses a base64 X.509 public key; throws with a short reason when it is not an Ed25519 key. */
    public static PublicKey publicKey(String base64) throws GeneralSecurityException {
        byte[] der = Base64.getDecoder().decode(base64.strip());
        return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
    }

    /** Parses a base64 PKCS#8 private key. */
    public static PrivateKey privateKey(String base64) throws GeneralSecurityException {
        byte[] der = Base64.getDecoder().decode(base64.strip());
        return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    /** Base64 of a key's standard encoding (X.509 for public, PKCS#8 for private keys). */
    public static String encode(java.security.Key key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }
}

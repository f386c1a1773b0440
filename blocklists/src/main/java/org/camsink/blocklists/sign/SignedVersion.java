package org.camsink.blocklists.sign;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * What a list signature vouches for: the list's SHA-256, a version that only ever grows, and the date it was
 * signed. A resolver that holds version N refuses a signature over anything older, so a feed (or whoever sits in
 * front of it) cannot roll a list back to an older copy that was once validly signed.
 *
 * <p>The signature file ({@code FILE.sig}, as {@code camsink lists sign} writes it) is five lines of ASCII:
 * <pre>
 * camsink-signature: 2
 * version: 1764768000
 * date: 2026-12-03
 * sha256: 3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b
 * ed25519: BASE64-OF-THE-64-BYTE-SIGNATURE
 * </pre>
 * The Ed25519 signature is over the first four lines exactly as written, each ending in {@code \n}. Only this small
 * text is signed, so a list of any size is checked by hashing it as it streams, never by holding it.
 *
 * @param version a whole number, at least 1; later signatures of a list carry higher ones
 * @param date    the UTC day it was signed, shown to the owner
 * @param sha256  the 32-byte SHA-256 of the list file's exact bytes
 */
public record SignedVersion(long version, LocalDate date, byte[] sha256) {
    /** The first line of every versioned signature file. */
    public static final String MAGIC = "camsink-signature: 2";
    /** A signature file is small; a longer one is not ours. */
    public static final int MAX_FILE_BYTES = 1024;

    public SignedVersion {
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, got " + version);
        }
        if (sha256 == null || sha256.length != 32) {
            throw new IllegalArgumentException("sha256 must be 32 bytes");
        }
        sha256 = sha256.clone();
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    /** The signed text: the first four lines of the file. */
    public byte[] payload() {
        return (MAGIC + "\nversion: " + version + "\ndate: " + date + "\nsha256: " + HexFormat.of().formatHex(sha256)
                + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code version 7 of 2026-12-03}, for messages. */
    public String describe() {
        return "version " + version + " of " + date;
    }

    /** True when {@code data}'s SHA-256 is the one signed. */
    public boolean matches(byte[] digest) {
        return MessageDigest.isEqual(sha256, digest);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedVersion v && v.version == version && v.date.equals(date) && Arrays.equals(v.sha256, sha256);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(version) * 31 + Arrays.hashCode(sha256);
    }

    @Override
    public String toString() {
        return describe() + " sha256 " + HexFormat.of().formatHex(sha256);
    }

    /** The whole signature file: the payload and its Ed25519 signature. */
    public byte[] sign(PrivateKey key) throws GeneralSecurityException {
        Signature signer = Signature.getInstance(ListSignature.ALGORITHM);
        signer.initSign(key);
        byte[] payload = payload();
        signer.update(payload);
        String line = "ed25519: " + Base64.getEncoder().encodeToString(signer.sign()) + "\n";
        byte[] out = Arrays.copyOf(payload, payload.length + line.length());
        System.arraycopy(line.getBytes(StandardCharsets.US_ASCII), 0, out, payload.length, line.length());
        return out;
    }

    /** True when a signature file is in this form (rather than the older bare signature, which has no version). */
    public static boolean isVersioned(byte[] sigFile) {
        byte[] magic = MAGIC.getBytes(StandardCharsets.US_ASCII);
        return sigFile.length >= magic.length && Arrays.equals(sigFile, 0, magic.length, magic, 0, magic.length);
    }

    /**
     * Reads a signature file and checks its Ed25519 signature with {@code base64PublicKey}.
     *
     * @throws IllegalArgumentException with a reason fit for the owner: an old-form signature without a version,
     *                                  not a signature file, or a signature that does not verify
     */
    public static SignedVersion verify(byte[] sigFile, String base64PublicKey) {
        if (!isVersioned(sigFile)) {
            if (looksLikeBareSignature(sigFile)) {
                throw new IllegalArgumentException("an old-form signature without a version, which cannot stop a rollback; "
                        + "sign the list again with camsink lists sign");
            }
            throw new IllegalArgumentException("not a camsink signature file (it does not start with '" + MAGIC + "')");
        }
        if (sigFile.length > MAX_FILE_BYTES) {
            throw new IllegalArgumentException("not a camsink signature file (longer than " + MAX_FILE_BYTES + " bytes)");
        }
        List<String> lines = new String(sigFile, StandardCharsets.US_ASCII).lines().toList();
        if (lines.size() != 5) {
            throw new IllegalArgumentException("a signature file has 5 lines, this one " + lines.size());
        }
        long version;
        LocalDate date;
        byte[] sha;
        byte[] sig;
        try {
            version = Long.parseLong(field(lines, 1, "version"));
            date = LocalDate.parse(field(lines, 2, "date"));
            sha = HexFormat.of().parseHex(field(lines, 3, "sha256"));
            sig = Base64.getDecoder().decode(field(lines, 4, "ed25519"));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("a field of the signature file is malformed: " + e.getMessage());
        }
        SignedVersion v = new SignedVersion(version, date, sha);
        if (!Arrays.equals(v.payload(), 0, v.payload().length, sigFile, 0, v.payload().length)) {
            throw new IllegalArgumentException("the signature file is not in its canonical form");
        }
        if (sig.length != ListSignature.SIGNATURE_BYTES) {
            throw new IllegalArgumentException("the ed25519 line must hold 64 bytes, it holds " + sig.length);
        }
        try {
            Signature verifier = Signature.getInstance(ListSignature.ALGORITHM);
            verifier.initVerify(ListSignature.publicKey(base64PublicKey));
            verifier.update(v.payload());
            if (!verifier.verify(sig)) {
                throw new IllegalArgumentException("the Ed25519 signature does not verify with the configured publicKey");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the Ed25519 signature does not verify with the configured publicKey ("
                    + e.getClass().getSimpleName() + ")");
        }
        return v;
    }

    private static String field(List<String> lines, int i, String name) {
        String prefix = name + ": ";
        String line = lines.get(i);
        if (!line.startsWith(prefix)) {
            throw new IllegalArgumentException("line " + (i + 1) + " of the signature file must start with '" + prefix + "'");
        }
        return line.substring(prefix.length());
    }

    private static boolean looksLikeBareSignature(byte[] sigFile) {
        try {
            ListSignature.decodeSignatureFile(sigFile);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The SHA-256 of a file, read in pieces. */
    public static byte[] sha256(Path file) throws IOException {
        MessageDigest md = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return md.digest();
    }

    /** A fresh SHA-256 digest. */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

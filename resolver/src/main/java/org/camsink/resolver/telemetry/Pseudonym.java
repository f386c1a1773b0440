package org.camsink.resolver.telemetry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The installation pseudonym for a day: {@code base64url(HMAC-SHA256(secret, "YYYY-MM-DD"))} without padding.
 * The 32-byte secret is created on first start in {@code dataDir/installation.secret} (mode 600), never
 * leaves the machine and is never logged; without it, two days' pseudonyms cannot be linked.
 */
final class Pseudonym {
    static final String FILE = "installation.secret";
    static final int SECRET_BYTES = 32;

    private final SecretKeySpec key;

    private Pseudonym(byte[] secret) {
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** Reads the secret, creating it (mode 600) when the folder has none. */
    static Pseudonym load(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            create(dataDir, file);
        }
        byte[] secret = Files.readAllBytes(file);
        if (secret.length != SECRET_BYTES) {
            throw new IOException(file + " must hold exactly " + SECRET_BYTES + " bytes; delete it to create a new one");
        }
        if (posix(file)) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (!perms.equals(PosixFilePermissions.fromString("rw-------"))) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                TelemetryService.LOG.warn("telemetry secret {} was readable by others; set its mode to 600", file);
            }
        }
        return new Pseudonym(secret);
    }

    private static void create(Path dataDir, Path file) throws IOException {
        Files.createDirectories(dataDir);
        byte[] secret = new byte[SECRET_BYTES];
        new SecureRandom().nextBytes(secret);
        Path tmp = dataDir.resolve(FILE + ".tmp");
        Files.deleteIfExists(tmp);
        if (posix(dataDir)) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(tmp);
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(secret));
            ch.force(true);
        }
        try {
            Files.createLink(file, tmp); // fails if another process created the secret first: keep theirs
        } catch (FileAlreadyExistsException e) {
            // the first one wins
        } catch (UnsupportedOperationException | IOException e) {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.deleteIfExists(tmp);
        Spool.syncDirectory(dataDir);
        TelemetryService.LOG.info("telemetry created its installation secret in {} (it never leaves this machine)", dataDir);
    }

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** The pseudonym for {@code day}. */
    String forDay(LocalDate day) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] out = mac.doFinal(day.toString().getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}

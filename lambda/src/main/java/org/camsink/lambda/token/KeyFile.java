package org.camsink.lambda.token;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import org.camsink.report.token.TokenException;

/**
 * The issuer key ring in a file readable by its owner only (the local runner keeps {@code issuer-keys.json} in its
 * data folder). {@link #loadOrCreate} generates the file when it is missing and writes a rotated ring back when a
 * new key is due, atomically.
 */
public final class KeyFile {
    public static final String NAME = "issuer-keys.json";

    private KeyFile() {}

    public static IssuerKeys loadOrCreate(Path file, Instant now, SecureRandom random) throws IOException, TokenException {
        IssuerKeys keys;
        if (Files.exists(file)) {
            keys = IssuerKeys.parse(Files.readAllBytes(file), file.toString());
            IssuerKeys rotated = keys.rotated(now, random);
            if (rotated == keys) {
                return keys;
            }
            keys = rotated;
        } else {
            keys = IssuerKeys.generate(now, random);
        }
        write(file, keys);
        return keys;
    }

    public static IssuerKeys load(Path file) throws IOException, TokenException {
        return IssuerKeys.parse(Files.readAllBytes(file), file.toString());
    }

    static void write(Path file, IssuerKeys keys) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".issuer-keys", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the folder's permissions apply.
            }
            Files.write(tmp, keys.toJson());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}

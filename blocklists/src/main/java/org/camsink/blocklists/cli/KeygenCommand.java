package org.camsink.blocklists.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import org.camsink.blocklists.sign.ListSignature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lists keygen --out-dir DIR}: a new Ed25519 key pair for signing lists. Never overwrites keys. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Create an Ed25519 key pair: DIR/camsink-lists.key (private, mode 600) and DIR/camsink-lists.pub.")
final class KeygenCommand implements Callable<Integer> {
    static final String PRIVATE = "camsink-lists.key";
    static final String PUBLIC = "camsink-lists.pub";

    @Spec
    CommandSpec spec;

    @Option(names = "--out-dir", required = true, paramLabel = "DIR", description = "Folder for the two key files.")
    Path dir;

    @Override
    public Integer call() throws IOException, GeneralSecurityException {
        Files.createDirectories(dir);
        Path priv = dir.resolve(PRIVATE);
        Path pub = dir.resolve(PUBLIC);
        if (Files.exists(priv) || Files.exists(pub)) {
            spec.commandLine().getErr().println(dir + ": already holds " + PRIVATE + " or " + PUBLIC + "; not overwriting keys");
            return 1;
        }
        KeyPair pair = ListSignature.generate();
        try {
            Files.createFile(priv, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(priv);
        } catch (FileAlreadyExistsException e) {
            spec.commandLine().getErr().println(priv + ": exists; not overwriting");
            return 1;
        }
        Files.writeString(priv, ListSignature.encode(pair.getPrivate()) + "\n", StandardCharsets.US_ASCII);
        Files.writeString(pub, ListSignature.encode(pair.getPublic()) + "\n", StandardCharsets.US_ASCII);
        spec.commandLine().getOut().println("private key: " + priv);
        spec.commandLine().getOut().println("public key:  " + pub + "  (" + ListSignature.encode(pair.getPublic()) + ")");
        return 0;
    }
}

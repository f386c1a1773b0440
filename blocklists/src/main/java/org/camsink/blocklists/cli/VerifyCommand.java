package org.camsink.blocklists.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.camsink.blocklists.sign.ListSignature;
import org.camsink.blocklists.sign.SignedVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lists verify --pub PUBLIC --in FILE [--sig FILE.sig]}: exit 0 only for a valid signature. It reads the
 * versioned form {@code lists sign} writes and names its version; an old-form bare signature is still checked, with
 * a note that it carries no version.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify a list file's Ed25519 signature. Exit 0 when valid, 1 otherwise.")
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--pub", required = true, paramLabel = "PUBLIC",
            description = "Public key: a file from keygen, or the base64 X.509 key itself.")
    String pub;

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "The signed file.")
    Path in;

    @Option(names = "--sig", paramLabel = "FILE.sig", description = "The signature file (default: FILE.sig).")
    Path sig;

    @Override
    public Integer call() throws IOException {
        Path sigFile = sig != null ? sig : ListSignature.signatureFile(in);
        String key = Files.isRegularFile(Path.of(pub)) ? Files.readString(Path.of(pub)).strip() : pub.strip();
        byte[] sigBytes = Files.readAllBytes(sigFile);
        if (SignedVersion.isVersioned(sigBytes)) {
            SignedVersion v;
            try {
                v = SignedVersion.verify(sigBytes, key);
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println(sigFile + ": signature INVALID: " + e.getMessage());
                return 1;
            }
            if (!v.matches(SignedVersion.sha256(in))) {
                spec.commandLine().getErr().println(in + ": signature INVALID (the file is not the one signed as "
                        + v.describe() + ")");
                return 1;
            }
            spec.commandLine().getOut().println(in + ": signature OK, " + v.describe());
            return 0;
        }
        byte[] signature;
        try {
            signature = ListSignature.decodeSignatureFile(sigBytes);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println(sigFile + ": not a signature file: " + e.getMessage());
            return 1;
        }
        if (ListSignature.verify(Files.readAllBytes(in), signature, key)) {
            spec.commandLine().getOut().println(in + ": signature OK (old form, without a version: a resolver refuses "
                    + "it; sign the list again)");
            return 0;
        }
        spec.commandLine().getErr().println(in + ": signature INVALID (file changed, wrong key, or not an Ed25519 key)");
        return 1;
    }
}

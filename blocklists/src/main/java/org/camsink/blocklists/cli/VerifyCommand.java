package org.camsink.blocklists.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.camsink.blocklists.sign.ListSignature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lists verify --pub PUBLIC --in FILE [--sig FILE.sig]}: exit 0 only for a valid signature. */
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
        byte[] signature;
        try {
            signature = ListSignature.decodeSignatureFile(Files.readAllBytes(sigFile));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println(sigFile + ": not a signature file: " + e.getMessage());
            return 1;
        }
        if (ListSignature.verify(Files.readAllBytes(in), signature, key)) {
            spec.commandLine().getOut().println(in + ": signature OK");
            return 0;
        }
        spec.commandLine().getErr().println(in + ": signature INVALID (file changed, wrong key, or not an Ed25519 key)");
        return 1;
    }
}

package org.camsink.blocklists.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.concurrent.Callable;
import org.camsink.blocklists.sign.ListSignature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lists sign --key PRIVATE --in FILE}: writes FILE.sig, an Ed25519 signature over FILE's exact bytes. */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = "Sign a list file with Ed25519; writes FILE.sig (base64 of the raw 64-byte signature).")
final class SignCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--key", required = true, paramLabel = "PRIVATE", description = "Private key file (base64 PKCS#8, from keygen).")
    Path key;

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "The file to sign.")
    Path in;

    @Option(names = "--sig", paramLabel = "FILE.sig", description = "Where to write the signature (default: FILE.sig).")
    Path sig;

    @Override
    public Integer call() throws IOException {
        Path target = sig != null ? sig : ListSignature.signatureFile(in);
        try {
            byte[] signature = ListSignature.sign(Files.readAllBytes(in), ListSignature.privateKey(Files.readString(key)));
            Output.write(target, ListSignature.encodeSignatureFile(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            spec.commandLine().getErr().println(key + ": not an Ed25519 private key (base64 PKCS#8): " + e.getMessage());
            return 1;
        }
        spec.commandLine().getOut().println(target + ": signed " + in);
        return 0;
    }
}

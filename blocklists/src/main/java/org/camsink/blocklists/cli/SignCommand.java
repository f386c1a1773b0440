package org.camsink.blocklists.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import org.camsink.blocklists.sign.ListSignature;
import org.camsink.blocklists.sign.SignedVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lists sign --key PRIVATE --in FILE [--version N] [--date D]}: writes FILE.sig, an Ed25519 signature over
 * the file's SHA-256, a version and a date ({@link SignedVersion}). The version defaults to the signing time in
 * seconds since 1970, so each later signature of a list carries a higher one.
 */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = "Sign a list file with Ed25519; writes FILE.sig (its SHA-256, a version and a date, signed).")
final class SignCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--key", required = true, paramLabel = "PRIVATE", description = "Private key file (base64 PKCS#8, from keygen).")
    Path key;

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "The file to sign.")
    Path in;

    @Option(names = "--sig", paramLabel = "FILE.sig", description = "Where to write the signature (default: FILE.sig).")
    Path sig;

    @Option(names = "--version", paramLabel = "N",
            description = "The list's version, a whole number that must grow with every release (default: now, in seconds since 1970).")
    Long version;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "The release date (default: today, UTC).")
    LocalDate date;

    @Override
    public Integer call() throws IOException {
        Path target = sig != null ? sig : ListSignature.signatureFile(in);
        long v = version != null ? version : Instant.now().getEpochSecond();
        if (v < 1) {
            spec.commandLine().getErr().println("--version must be at least 1, got " + v);
            return 1;
        }
        SignedVersion signed = new SignedVersion(v, date != null ? date : LocalDate.now(ZoneOffset.UTC),
                SignedVersion.sha256(in));
        try {
            Output.write(target, signed.sign(ListSignature.privateKey(Files.readString(key))));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            spec.commandLine().getErr().println(key + ": not an Ed25519 private key (base64 PKCS#8): " + e.getMessage());
            return 1;
        }
        spec.commandLine().getOut().println(target + ": signed " + in + " as " + signed.describe());
        return 0;
    }
}

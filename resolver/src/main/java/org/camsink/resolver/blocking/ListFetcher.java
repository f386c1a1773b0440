package org.camsink.resolver.blocking;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.Supplier;
import org.camsink.blocklists.sign.SignedVersion;
import org.camsink.resolver.config.Config.ListSource;

/**
 * Downloads URL lists into the cache folder ({@code telemetry.dataDir/lists}) so the last good copy survives
 * failures and restarts, and never lets a bad download replace it:
 * <ol>
 *   <li>With a {@code publicKey}, {@code URL.sig} comes first ({@link SignedVersion}): its Ed25519 signature must
 *       verify, and its version must not be older than the one in force, so an older signed copy cannot be
 *       replayed. The same version as the one in force means nothing changed, and nothing more is downloaded.</li>
 *   <li>The list streams into {@code <id>.part-*} ({@link Download}: at most {@code maxBytes}, all within
 *       {@code timeout}), and its SHA-256 must be the signed one.</li>
 *   <li>The caller parses that file; only then does {@link #keep} make it {@code <id>.list} (and its signature
 *       {@code <id>.list.sig}). A copy that fails to parse goes to {@code quarantine/} ({@link #quarantine}) and is
 *       never read again at start.</li>
 * </ol>
 * At start, {@link #verifyCached} checks the cached copy against its cached signature again, so a copy changed
 * on disk is refused. Leftover {@code .part} files of a process that died mid-download are removed.
 */
final class ListFetcher {
    private static final long MAX_SIG_BYTES = SignedVersion.MAX_FILE_BYTES;
    private static final String PART = ".part-";

    private final Supplier<HttpClient> http;
    private final Path cacheDir;
    private final Clock clock;

    /** A download that passed its checks and waits to be parsed. {@code signature} is null without a key. */
    record Candidate(Path file, long bytes, byte[] signatureFile, SignedVersion signature) {}

    /** A cached copy that must not be used: its signature is missing or does not match it. */
    static final class CachedCopyRefused extends IOException {
        CachedCopyRefused(String message) {
            super(message);
        }
    }

    /** {@code http} is asked for the client only when a list is fetched, so start-up without URL lists skips TLS set-up. */
    ListFetcher(Supplier<HttpClient> http, Path cacheDir, Clock clock) {
        this.http = http;
        this.cacheDir = cacheDir;
        this.clock = clock;
        removePartials();
    }

    /** Where the last good copy of a list is kept. */
    Path cacheFile(String id) {
        return cacheDir.resolve(id + ".list");
    }

    /** The signature of the last good copy. */
    Path signatureFile(String id) {
        return cacheDir.resolve(id + ".list.sig");
    }

    /** Present only while a cached copy is being parsed at start: if it is still there, that parse never ended. */
    Path loadingMarker(String id) {
        return cacheDir.resolve(id + ".list.loading");
    }

    /**
     * Downloads and checks a list. {@code held} is the newest version accepted so far (null: none); with
     * {@code inForce}, it is also what is loaded now, and the same signature again returns null: nothing changed.
     * Throws IOException with a reason for the status page.
     */
    Candidate download(ListSource s, SignedVersion held, boolean inForce) throws IOException {
        String url = s.source();
        Instant deadline = clock.instant().plus(s.timeout());
        Files.createDirectories(cacheDir);
        byte[] sigFile = null;
        SignedVersion signed = null;
        if (s.publicKey() != null) {
            Path sigPart = Files.createTempFile(cacheDir, s.id() + ".sig" + PART, "");
            try {
                Download.get(http.get(), url + ".sig", sigPart, MAX_SIG_BYTES, "a signature file's size", deadline, s.timeout());
                sigFile = Files.readAllBytes(sigPart);
            } finally {
                Files.deleteIfExists(sigPart);
            }
            try {
                signed = SignedVersion.verify(sigFile, s.publicKey());
            } catch (IllegalArgumentException e) {
                throw new IOException(url + ".sig: " + e.getMessage());
            }
            if (held != null) {
                if (signed.version() < held.version()) {
                    throw new IOException(url + ".sig: signed " + signed.describe() + " is older than " + held.describe()
                            + " in force; an older list (replayed or rolled back) is refused, the copy in force stays");
                }
                if (signed.version() == held.version()) {
                    if (Arrays.equals(signed.sha256(), held.sha256())) {
                        if (inForce) {
                            return null;
                        }
                    } else {
                        throw new IOException(url + ".sig: " + signed.describe() + " is the version in force but signs "
                                + "other content; refused, the copy in force stays");
                    }
                }
            }
        }
        Path part = Files.createTempFile(cacheDir, s.id() + PART, "");
        try {
            Download.Result r = Download.get(http.get(), url, part, s.maxBytes(), "lists[].maxBytes", deadline, s.timeout());
            if (signed != null && !signed.matches(r.sha256())) {
                throw new IOException(url + ": the file is not the one signed as " + signed.describe()
                        + " (its SHA-256 differs); refused");
            }
            return new Candidate(part, r.bytes(), sigFile, signed);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        }
    }

    /** Makes a parsed download the last good copy: the list, then its signature (or none). */
    void keep(String id, Candidate c) throws IOException {
        Files.move(c.file(), cacheFile(id), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Path sig = signatureFile(id);
        if (c.signatureFile() == null) {
            Files.deleteIfExists(sig);
            return;
        }
        Path tmp = Files.createTempFile(cacheDir, id + ".sig" + PART, "");
        try {
            Files.write(tmp, c.signatureFile());
            Files.move(tmp, sig, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Drops a download that is not used. */
    void discard(Candidate c) {
        try {
            Files.deleteIfExists(c.file());
        } catch (IOException ignored) {
            // removed at the next start
        }
    }

    /**
     * Moves a copy that must not be read again to {@code quarantine/<id>.list}, with {@code <id>.reason} beside it
     * (replacing an earlier one). Returns where it went.
     */
    Path quarantine(String id, Path file, String why) throws IOException {
        Path dir = cacheDir.resolve("quarantine");
        Files.createDirectories(dir);
        Path target = dir.resolve(id + ".list");
        Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve(id + ".reason"), clock.instant() + " " + why + "\n", StandardCharsets.UTF_8);
        if (file.equals(cacheFile(id))) {
            Files.deleteIfExists(signatureFile(id));
        }
        return target;
    }

    /**
     * Checks the cached copy of a signed list against the signature cached beside it. Returns what it is signed as,
     * or null when the list has no key.
     *
     * @throws CachedCopyRefused when the signature is missing, does not verify, or does not match the copy
     */
    SignedVersion verifyCached(ListSource s) throws IOException {
        if (s.publicKey() == null) {
            return null;
        }
        Path copy = cacheFile(s.id());
        Path sig = signatureFile(s.id());
        if (!Files.isRegularFile(sig)) {
            throw new CachedCopyRefused(copy + ": the cached copy has no signature beside it; refused");
        }
        SignedVersion v;
        try {
            v = SignedVersion.verify(readSmall(sig), s.publicKey());
        } catch (IllegalArgumentException e) {
            throw new CachedCopyRefused(sig + ": " + e.getMessage() + "; the cached copy is refused");
        }
        if (!v.matches(SignedVersion.sha256(copy))) {
            throw new CachedCopyRefused(copy + ": the cached copy is not the one signed as " + v.describe()
                    + " (changed on disk); refused");
        }
        return v;
    }

    /** The version the cached signature vouches for, even when the copy beside it was changed; null when none. */
    SignedVersion heldVersion(ListSource s) {
        Path sig = signatureFile(s.id());
        if (s.publicKey() == null || !Files.isRegularFile(sig)) {
            return null;
        }
        try {
            return SignedVersion.verify(readSmall(sig), s.publicKey());
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] readSmall(Path file) throws IOException {
        if (Files.size(file) > MAX_SIG_BYTES) {
            throw new IllegalArgumentException("not a camsink signature file (longer than " + MAX_SIG_BYTES + " bytes)");
        }
        return Files.readAllBytes(file);
    }

    private void removePartials() {
        if (!Files.isDirectory(cacheDir)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(cacheDir, "*" + PART + "*")) {
            for (Path p : ds) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover part file costs only disk space
        }
    }
}

package org.camsink.resolver.blocking;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Supplier;
import org.camsink.blocklists.sign.ListSignature;

/**
 * Downloads list URLs with the JDK HTTP client into a cache folder, so the last good copy survives failures
 * and restarts. When a list has a {@code publicKey}, the file must come with {@code URL.sig}: base64 of the raw
 * 64-byte Ed25519 signature over the file's exact bytes, as {@code camsink lists sign} writes it. A copy that
 * does not verify is never cached or used.
 */
final class ListFetcher {
    /** Lists larger than this are refused rather than read into memory. */
    static final long MAX_BYTES = 256L << 20;
    private static final long MAX_SIG_BYTES = 4096;

    private final Supplier<HttpClient> http;
    private final Path cacheDir;
    private final Duration timeout;

    /** {@code http} is asked for the client only when a list is fetched, so start-up without URL lists skips TLS set-up. */
    ListFetcher(Supplier<HttpClient> http, Path cacheDir, Duration timeout) {
        this.http = http;
        this.cacheDir = cacheDir;
        this.timeout = timeout;
    }

    /** Where the last good copy of a list is kept. */
    Path cacheFile(String id) {
        return cacheDir.resolve(id + ".list");
    }

    /** Fetches, verifies and caches a list; returns its bytes. Throws IOException with a reason for the status. */
    byte[] fetch(String id, String url, String publicKey) throws IOException {
        byte[] data = get(url, MAX_BYTES);
        if (publicKey != null) {
            byte[] sig;
            try {
                sig = ListSignature.decodeSignatureFile(get(url + ".sig", MAX_SIG_BYTES));
            } catch (IllegalArgumentException e) {
                throw new IOException(url + ".sig: not a signature file: " + e.getMessage());
            }
            if (!ListSignature.verify(data, sig, publicKey)) {
                throw new IOException(url + ": the Ed25519 signature does not verify with the configured publicKey");
            }
        }
        Files.createDirectories(cacheDir);
        Path target = cacheFile(id);
        Path tmp = Files.createTempFile(cacheDir, id, ".part");
        try {
            Files.write(tmp, data);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return data;
    }

    private byte[] get(String url, long limit) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("User-Agent", "camsink").GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.get().send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(url + ": interrupted");
        } catch (IOException e) {
            throw new IOException(url + ": " + e.getClass().getSimpleName() + " " + e.getMessage(), e);
        }
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException(url + ": HTTP " + response.statusCode());
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[65536];
            long total = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > limit) {
                    throw new IOException(url + ": larger than " + limit + " bytes");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }
}

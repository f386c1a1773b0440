package org.camsink.lambda.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.camsink.lambda.http.Json;
import org.camsink.report.token.TokenException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key ring: the local key file, rotation with an overlap of two accepted keys, and reading it from the secret. */
class IssuerKeysTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void theKeyFileIsMadeOnceReadableByItsOwnerAndReadBackUnchanged(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data").resolve(KeyFile.NAME);
        IssuerKeys made = KeyFile.loadOrCreate(file, T0, RANDOM);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        IssuerKeys again = KeyFile.loadOrCreate(file, T0.plus(Duration.ofDays(1)), RANDOM);
        assertThat(again.keys()).extracting(k -> k.publicKey().idHex())
                .containsExactlyElementsOf(made.keys().stream().map(k -> k.publicKey().idHex()).toList());
        assertThat(again.blockSecret()).isEqualTo(made.blockSecret());
    }

    @Test
    void rotationAddsAKeyBeforeTheOldOneStopsAndBothAreAcceptedDuringTheOverlap(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(KeyFile.NAME);
        IssuerKeys first = KeyFile.loadOrCreate(file, T0, RANDOM);
        IssuerKey old = first.keys().get(0);
        Instant due = old.notAfter().minus(IssuerKeys.OVERLAP).minus(IssuerKeys.OVERLAP).plusSeconds(1);
        IssuerKeys rotated = KeyFile.loadOrCreate(file, due, RANDOM);
        assertThat(rotated.keys()).hasSize(2);
        IssuerKey fresh = rotated.signing(due).orElseThrow();
        assertThat(fresh.publicKey()).isNotEqualTo(old.publicKey());
        assertThat(rotated.accepted(due)).extracting(IssuerKey::publicKey).containsExactly(fresh.publicKey(), old.publicKey());
        // The old key no longer signs in its last OVERLAP, but its tokens verify until notAfter, then it is gone.
        Instant late = old.notAfter().minusSeconds(60);
        assertThat(rotated.signing(late)).hasValue(fresh);
        assertThat(rotated.accepted(late)).hasSize(2);
        assertThat(rotated.accepted(old.notAfter())).extracting(IssuerKey::publicKey).containsExactly(fresh.publicKey());
        assertThat(KeyFile.loadOrCreate(file, old.notAfter(), RANDOM).keys()).hasSize(1);
    }

    @Test
    void aBrokenRingNamesTheFileAndTheKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"blockSecret\":\"AAAAAAAAAAAAAAAAAAAAAA\",\"keys\":[{\"privateKey\":\"AAAA\","
                + "\"notBefore\":\"2026-12-01T00:00:00Z\",\"notAfter\":\"2027-01-01T00:00:00Z\"}]}");
        assertThatThrownBy(() -> KeyFile.load(file)).isInstanceOf(TokenException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("keys[0]").hasMessageContaining("PKCS#8");
        Files.writeString(file, "[]");
        assertThatThrownBy(() -> KeyFile.load(file)).hasMessageContaining("JSON object");
    }

    @Test
    void theSecretIsReadThroughTheSecretsExtensionWithTheSessionToken() throws Exception {
        IssuerKeys keys = IssuerKeys.generate(T0, RANDOM);
        AtomicReference<String> seenToken = new AtomicReference<>();
        AtomicReference<String> seenQuery = new AtomicReference<>();
        HttpServer extension = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        extension.createContext("/secretsmanager/get", ex -> {
            seenToken.set(ex.getRequestHeaders().getFirst("X-Aws-Parameters-Secrets-Token"));
            seenQuery.set(ex.getRequestURI().getRawQuery());
            byte[] body = Json.bytes(Json.object().put("Name", "camsink-issuer-keys")
                    .put("SecretString", new String(keys.toJson(), StandardCharsets.UTF_8)));
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        extension.start();
        try {
            URI base = URI.create("http://127.0.0.1:" + extension.getAddress().getPort());
            KeySource source = new KeySource(new KeySource.SecretReader(base, "camsink-issuer-keys", "session-1"),
                    "secret camsink-issuer-keys", Clock.fixed(T0, ZoneOffset.UTC));
            assertThat(source.get().keys()).extracting(k -> k.publicKey().idHex())
                    .isEqualTo(List.of(keys.keys().get(0).publicKey().idHex()));
            assertThat(seenToken.get()).isEqualTo("session-1");
            assertThat(seenQuery.get()).isEqualTo("secretId=camsink-issuer-keys");
        } finally {
            extension.stop(0);
        }
        assertThatThrownBy(() -> new KeySource(new KeySource.SecretReader(URI.create("http://127.0.0.1:9"), "x", ""),
                "secret x", Clock.systemUTC())).isInstanceOf(java.io.IOException.class);
    }
}

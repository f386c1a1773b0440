package org.camsink.lambda.token;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.camsink.lambda.http.Json;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.camsink.report.token.TokenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key ring, read at start and again every {@link #REFRESH} so a rotation written to the file or the secret
 * reaches running functions without a deploy. A failed refresh keeps the ring already read and is logged; a
 * failure at start is an error, so a function never runs without keys.
 */
public final class KeySource implements Supplier<IssuerKeys> {
    public static final Duration REFRESH = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(KeySource.class);

    /** Reads the ring's JSON from wherever it lives. */
    @FunctionalInterface
    public interface Reader {
        byte[] read() throws IOException;
    }

    private final Reader reader;
    private final String name;
    private final Clock clock;
    private volatile IssuerKeys keys;
    private volatile long readAt;

    public KeySource(Reader reader, String name, Clock clock) throws IOException, TokenException {
        this.reader = reader;
        this.name = name;
        this.clock = clock;
        this.keys = IssuerKeys.parse(reader.read(), name);
        this.readAt = clock.millis();
    }

    /** A fixed ring (tests, and the local runner, which owns its file). */
    public static Supplier<IssuerKeys> fixed(IssuerKeys keys) {
        return () -> keys;
    }

    /** From the configuration: the file when set, else the Secrets Manager secret. */
    public static KeySource fromConfig(TokenConfig config) throws IOException, TokenException {
        Clock clock = Clock.systemUTC();
        if (config.keyFile().isPresent()) {
            var file = config.keyFile().get();
            return new KeySource(() -> java.nio.file.Files.readAllBytes(file), file.toString(), clock);
        }
        if (config.keySecret().isPresent()) {
            String secret = config.keySecret().get();
            SecretReader reader = SecretReader.fromEnv(System.getenv(), secret);
            return new KeySource(reader, "secret " + secret, clock);
        }
        throw new TokenException("the issuer keys are not configured: set ISSUER_KEY_SECRET (or ISSUER_KEY_FILE)");
    }

    @Override
    public IssuerKeys get() {
        long now = clock.millis();
        if (now - readAt >= REFRESH.toMillis()) {
            readAt = now;
            try {
                keys = IssuerKeys.parse(reader.read(), name);
            } catch (IOException | TokenException | RuntimeException e) {
                LOG.error("issuer keys from {} could not be read again, keeping the ones read before: {}", name,
                        e.getMessage());
            }
        }
        return keys;
    }

    /**
     * The secret's string value from the AWS Parameters and Secrets Lambda Extension (a layer the template adds):
     * {@code GET http://localhost:<port>/secretsmanager/get?secretId=...} with the function's session token in
     * {@code X-Aws-Parameters-Secrets-Token}. The extension calls Secrets Manager with the function's role and
     * caches the value, so the jar carries no Secrets Manager client.
     */
    static final class SecretReader implements Reader {
        private final URI request;
        private final String sessionToken;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NEVER).build();

        SecretReader(URI extension, String secretId, String sessionToken) {
            this.request = URI.create(extension.toString().replaceAll("/+$", "") + "/secretsmanager/get?secretId="
                    + URLEncoder.encode(secretId, StandardCharsets.UTF_8));
            this.sessionToken = sessionToken == null ? "" : sessionToken;
        }

        static SecretReader fromEnv(Map<String, String> env, String secretId) {
            String port = env.getOrDefault("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", "2773");
            return new SecretReader(URI.create("http://localhost:" + port), secretId, env.get("AWS_SESSION_TOKEN"));
        }

        @Override
        public byte[] read() throws IOException {
            HttpResponse<byte[]> r;
            try {
                r = http.send(HttpRequest.newBuilder(request).timeout(Duration.ofSeconds(5))
                        .header("X-Aws-Parameters-Secrets-Token", sessionToken).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted reading the secret", e);
            }
            if (r.statusCode() != 200) {
                throw new IOException("the secrets extension answered HTTP " + r.statusCode()
                        + " (is the AWS Parameters and Secrets Lambda Extension layer attached?)");
            }
            JsonNode value = Json.MAPPER.readTree(r.body()).path("SecretString");
            if (!value.isTextual()) {
                throw new IOException("the secret has no SecretString");
            }
            return value.asText().getBytes(StandardCharsets.UTF_8);
        }
    }
}

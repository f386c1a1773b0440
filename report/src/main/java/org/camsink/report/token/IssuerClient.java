package org.camsink.report.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Fetches tokens from a camsink issuer over HTTP: {@code GET <base>/v1/token-key} for the key that signs now and
 * the challenge, then one {@code POST <base>/v1/tokens} per token with a blinded TokenRequest. Each token is
 * unblinded and verified before it is returned. No cookies, no redirects; the requests carry nothing but the
 * blinded message.
 */
public final class IssuerClient {
    /** What the issuer directory says: the key to use and the challenge tokens are for. */
    public record Directory(TokenKey key, TokenChallenge challenge) {}

    /** The tokens obtained, and why fetching stopped early (empty when all arrived). */
    public record Batch(List<Token> tokens, Optional<String> stoppedBecause, Optional<Duration> retryAfter) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI base;
    private final Duration timeout;
    private final String userAgent;
    private final TokenMinter minter;

    public IssuerClient(URI base, Duration timeout, String userAgent, SecureRandom random) {
        this.base = base;
        this.timeout = timeout;
        this.userAgent = userAgent;
        this.minter = new TokenMinter(random);
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /** {@code base} with {@code path} appended (a trailing slash of the base is dropped first). */
    static URI resolve(URI base, String path) {
        String s = base.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return URI.create(s + path);
    }

    public Directory directory() throws IOException, InterruptedException, TokenException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(resolve(base, "/v1/token-key")).timeout(timeout)
                .header("Accept", "application/json").header("User-Agent", userAgent).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException("GET /v1/token-key answered HTTP " + r.statusCode());
        }
        JsonNode root = JSON.readTree(r.body());
        JsonNode keys = root.path("token-keys");
        for (JsonNode k : keys) {
            if (k.path("token-type").asInt() == Token.TYPE) {
                String issuer = root.path("issuer-name").asText("");
                if (issuer.isEmpty()) {
                    throw new TokenException("issuer directory has no issuer-name");
                }
                return new Directory(TokenKey.decodeBase64(k.path("token-key").asText("")), new TokenChallenge(issuer));
            }
        }
        throw new TokenException("issuer directory lists no key of token type 2");
    }

    /** Up to {@code count} tokens; stops at the first refusal (such as 429 over the block's daily limit). */
    public Batch fetch(Directory directory, int count) throws IOException, InterruptedException {
        List<Token> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            TokenMinter.Pending pending;
            try {
                pending = minter.request(directory.key(), directory.challenge());
            } catch (TokenException e) {
                return new Batch(out, Optional.of(e.getMessage()), Optional.empty());
            }
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(resolve(base, "/v1/tokens")).timeout(timeout)
                    .header("Content-Type", TokenRequest.MEDIA_TYPE).header("Accept", TokenRequest.RESPONSE_MEDIA_TYPE)
                    .header("User-Agent", userAgent)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(pending.request().encode())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                Optional<Duration> retry = r.headers().firstValue("Retry-After")
                        .filter(v -> v.matches("\\d{1,9}")).map(v -> Duration.ofSeconds(Long.parseLong(v)));
                return new Batch(out, Optional.of("POST /v1/tokens answered HTTP " + r.statusCode()), retry);
            }
            try {
                out.add(minter.finish(pending, r.body()));
            } catch (TokenException e) {
                return new Batch(out, Optional.of("issuer response refused: " + e.getMessage()), Optional.empty());
            }
        }
        return new Batch(out, Optional.empty(), Optional.empty());
    }

    /** A token as a line of text (base64url), for files. */
    public static String line(Token token) {
        return token.encodeBase64();
    }

    public static Token parseLine(String line) throws TokenException {
        try {
            return Token.decode(Base64.getUrlDecoder().decode(line.trim()));
        } catch (IllegalArgumentException e) {
            throw new TokenException("not a base64url token");
        }
    }
}

package org.camsink.lambda.token;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Supplier;
import org.camsink.lambda.http.Json;
import org.camsink.lambda.store.DailyCap;
import org.camsink.report.token.BlindRsa;
import org.camsink.report.token.TokenChallenge;
import org.camsink.report.token.TokenException;
import org.camsink.report.token.TokenRequest;

/**
 * The Privacy Pass issuer. {@link #directory} is the issuer directory of RFC 9578 section 4 (the request path and
 * the key that signs now), plus the challenge reports must answer. {@link #issue} signs one blinded TokenRequest,
 * at most {@link TokenConfig#perBlockPerDay()} per source block per UTC day; the counter is keyed by an HMAC of
 * the day and the block, never the address, and expires two days after its day. A malformed request is refused
 * before it is counted.
 */
public final class IssuerService {
    public static final String REQUEST_PATH = "/v1/tokens";

    /** What one issuance request got; the handler maps it to a status. */
    public sealed interface Outcome {
        record Issued(byte[] blindSignature) implements Outcome {}

        record Unprocessable(String reason) implements Outcome {}

        record OverLimit(long retryAfterSeconds) implements Outcome {}

        record NoSource() implements Outcome {}
    }

    private final Supplier<IssuerKeys> keys;
    private final TokenChallenge challenge;
    private final DailyCap counters;
    private final int perBlockPerDay;
    private final Clock clock;

    public IssuerService(Supplier<IssuerKeys> keys, TokenChallenge challenge, DailyCap counters, int perBlockPerDay,
                         Clock clock) {
        this.keys = keys;
        this.challenge = challenge;
        this.counters = counters;
        this.perBlockPerDay = perBlockPerDay;
        this.clock = clock;
    }

    public ObjectNode directory() {
        ObjectNode root = Json.object().put("issuer-request-uri", REQUEST_PATH);
        Optional<IssuerKey> key = keys.get().signing(clock.instant());
        var list = root.putArray("token-keys");
        key.ifPresent(k -> list.addObject().put("token-type", 2).put("token-key", k.publicKey().encodedBase64())
                .put("not-before", k.notBefore().getEpochSecond()));
        root.put("issuer-name", challenge.issuerName());
        root.put("challenge", challenge.encodeBase64());
        root.put("tokens-per-block-per-day", perBlockPerDay);
        return root;
    }

    public Outcome issue(byte[] body, String sourceIp) {
        TokenRequest request;
        try {
            request = TokenRequest.decode(body);
        } catch (TokenException e) {
            return new Outcome.Unprocessable(e.getMessage());
        }
        Instant now = clock.instant();
        Optional<IssuerKey> key = keys.get().signing(now);
        if (key.isEmpty() || key.get().publicKey().truncatedId() != request.truncatedKeyId()) {
            return new Outcome.Unprocessable("truncated_token_key_id is not the key that signs now; fetch /v1/token-key");
        }
        Optional<byte[]> block = SourceBlock.of(sourceIp);
        if (block.isEmpty()) {
            return new Outcome.NoSource();
        }
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        long dayEnd = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        String hashed = SourceBlock.hash(keys.get().blockSecret(), day.toString(), block.get());
        if (!counters.take(day.toString(), hashed, perBlockPerDay, dayEnd + 86_400)) {
            return new Outcome.OverLimit(Math.max(1, dayEnd - now.getEpochSecond()));
        }
        try {
            return new Outcome.Issued(BlindRsa.PSS.blindSign(key.get().privateKey(), request.blindedMessage()));
        } catch (TokenException e) {
            return new Outcome.Unprocessable(e.getMessage());
        }
    }
}

package org.camsink.lambda.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.camsink.lambda.http.Json;
import org.camsink.report.token.TokenException;

/**
 * The issuer's key ring and the secret of its per-block counters, in one JSON document (the key file of the local
 * runner, or the Secrets Manager secret in AWS):
 * <pre>{"blockSecret": "&lt;base64url, 32 bytes&gt;",
 *  "keys": [{"privateKey": "&lt;base64 PKCS#8&gt;", "notBefore": "2026-12-01T00:00:00Z", "notAfter": "2027-01-01T00:00:00Z"}]}</pre>
 * Rotation ({@link #rotated}) adds a key when the newest one stops signing within {@link #OVERLAP}; the old key
 * keeps verifying until its {@code notAfter}, so during the overlap two keys are accepted.
 */
public record IssuerKeys(byte[] blockSecret, List<IssuerKey> keys) {
    /** A key's lifetime when generated here. */
    public static final Duration LIFETIME = Duration.ofDays(30);
    /** The end of a key's window in which it no longer signs but its tokens still verify. */
    public static final Duration OVERLAP = Duration.ofDays(2);

    public IssuerKeys {
        if (blockSecret == null || blockSecret.length < 16) {
            throw new IllegalArgumentException("blockSecret must be at least 16 bytes");
        }
        blockSecret = blockSecret.clone();
        keys = List.copyOf(keys);
    }

    /** The key that signs now: the newest whose signing window is open. */
    public Optional<IssuerKey> signing(Instant now) {
        return keys.stream().filter(k -> k.signsAt(now, OVERLAP)).max(Comparator.comparing(IssuerKey::notBefore));
    }

    /** Keys whose tokens are accepted now, newest first. */
    public List<IssuerKey> accepted(Instant now) {
        return keys.stream().filter(k -> k.acceptedAt(now))
                .sorted(Comparator.comparing(IssuerKey::notBefore).reversed()).toList();
    }

    /** A fresh ring: a new secret and one key valid from {@code now} for {@link #LIFETIME}. */
    public static IssuerKeys generate(Instant now, SecureRandom random) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return new IssuerKeys(secret, List.of(IssuerKey.generate(now, now.plus(LIFETIME), random)));
    }

    /**
     * This ring, or one with a new key when no key will still sign {@link #OVERLAP} from now; keys past their
     * {@code notAfter} are dropped. Returns this same object when nothing changed.
     */
    public IssuerKeys rotated(Instant now, SecureRandom random) {
        boolean fresh = keys.stream().anyMatch(k -> k.signsAt(now.plus(OVERLAP), OVERLAP) && k.signsAt(now, OVERLAP));
        boolean expired = keys.stream().anyMatch(k -> !now.isBefore(k.notAfter()));
        if (fresh && !expired) {
            return this;
        }
        List<IssuerKey> kept = new ArrayList<>(keys.stream().filter(k -> now.isBefore(k.notAfter())).toList());
        if (!fresh) {
            kept.add(IssuerKey.generate(now, now.plus(LIFETIME), random));
        }
        return new IssuerKeys(blockSecret, kept);
    }

    public static IssuerKeys parse(byte[] json, String source) throws TokenException {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new TokenException(source + ": not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new TokenException(source + ": must be a JSON object with blockSecret and keys");
        }
        byte[] secret;
        try {
            secret = Base64.getUrlDecoder().decode(root.path("blockSecret").asText(""));
        } catch (IllegalArgumentException e) {
            throw new TokenException(source + ": blockSecret is not base64url");
        }
        if (secret.length < 16) {
            throw new TokenException(source + ": blockSecret must hold at least 16 bytes");
        }
        JsonNode list = root.path("keys");
        if (!list.isArray() || list.isEmpty()) {
            throw new TokenException(source + ": keys must be a non-empty array");
        }
        List<IssuerKey> keys = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode k = list.get(i);
            String at = source + ": keys[" + i + "]";
            try {
                keys.add(IssuerKey.parse(Base64.getMimeDecoder().decode(k.path("privateKey").asText("")),
                        Instant.parse(k.path("notBefore").asText("")), Instant.parse(k.path("notAfter").asText(""))));
            } catch (DateTimeParseException e) {
                throw new TokenException(at + ": notBefore and notAfter must be instants such as 2026-12-01T00:00:00Z");
            } catch (IllegalArgumentException e) {
                throw new TokenException(at + ": privateKey is not base64");
            } catch (TokenException e) {
                throw new TokenException(at + ": " + e.getMessage());
            }
        }
        return new IssuerKeys(secret, keys);
    }

    public byte[] toJson() {
        ObjectNode root = Json.object().put("blockSecret", Base64.getUrlEncoder().withoutPadding().encodeToString(blockSecret));
        ArrayNode list = root.putArray("keys");
        for (IssuerKey k : keys) {
            list.addObject().put("privateKey", Base64.getEncoder().encodeToString(k.pkcs8()))
                    .put("notBefore", k.notBefore().toString()).put("notAfter", k.notAfter().toString())
                    .put("keyId", k.publicKey().idHex());
        }
        return Json.bytes(root);
    }
}

package org.camsink.report.token;

import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code PrivateToken} HTTP authentication scheme of RFC 9577: {@code Authorization: PrivateToken
 * token="<base64url>"} on a report, and {@code WWW-Authenticate: PrivateToken challenge="...", token-key="..."}
 * when one is missing or refused.
 */
public final class PrivateTokenAuth {
    public static final String SCHEME = "PrivateToken";

    private PrivateTokenAuth() {}

    public static String authorization(Token token) {
        return SCHEME + " token=\"" + token.encodeBase64() + "\"";
    }

    public static String challenge(TokenChallenge challenge, TokenKey key) {
        return SCHEME + " challenge=\"" + challenge.encodeBase64() + "\", token-key=\"" + key.encodedBase64() + "\"";
    }

    /**
     * The token bytes of an {@code Authorization} value, empty when the value uses another scheme or has no
     * {@code token} parameter; a parameter that is not base64url is an error.
     */
    public static Optional<byte[]> tokenOf(String authorization) throws TokenException {
        if (authorization == null) {
            return Optional.empty();
        }
        String v = authorization.trim();
        if (v.length() <= SCHEME.length() || !v.substring(0, SCHEME.length()).equalsIgnoreCase(SCHEME)
                || !Character.isWhitespace(v.charAt(SCHEME.length()))) {
            return Optional.empty();
        }
        for (String param : v.substring(SCHEME.length()).split(",")) {
            String p = param.trim();
            int eq = p.indexOf('=');
            if (eq <= 0 || !p.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("token")) {
                continue;
            }
            String value = p.substring(eq + 1).trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            if (value.length() > 2 * Token.LENGTH) {
                throw new TokenException("token parameter is too long");
            }
            try {
                return Optional.of(Base64.getUrlDecoder().decode(value));
            } catch (IllegalArgumentException e) {
                throw new TokenException("token parameter is not base64url");
            }
        }
        return Optional.empty();
    }
}

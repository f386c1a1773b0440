package org.camsink.report.token;

/** A token, token request, key or signature that is malformed or does not verify; the message says which part. */
public final class TokenException extends Exception {
    private static final long serialVersionUID = 1L;

    public TokenException(String message) {
        super(message, null, false, false);
    }
}

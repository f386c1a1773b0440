package org.camsink.resolver.blocking.format;

/** A list that cannot be read at all (as opposed to single bad lines, which are skipped). */
public final class ListFormatException extends RuntimeException {
    public ListFormatException(String message) {
        super(message);
    }

    public ListFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

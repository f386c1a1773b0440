package org.camsink.lambda.store;

/** The store failed (unavailable, throttled, misconfigured): a server-side error, never the client's fault. */
public final class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}

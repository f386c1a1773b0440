package org.camsink.lambda.ingest;

/** What ingest did with one body: a value the handler maps to a status code. */
public sealed interface IngestOutcome {
    /** Stored for the first time: 202. */
    record Accepted(String reportId) implements IngestOutcome {}

    /** Already stored (a retry): 200, counted once. */
    record Duplicate(String reportId) implements IngestOutcome {}

    /** Breaks the contract: 400 with the JSON path of the first error. */
    record Invalid(String path, String reason) implements IngestOutcome {}

    /** No valid, unspent Privacy Pass token: 401 with a {@code WWW-Authenticate: PrivateToken} challenge. */
    record Unauthorized(String reason) implements IngestOutcome {}

    /** The installation pseudonym has sent its daily allowance: 429 until the next UTC day. */
    record OverCap(long retryAfterSeconds) implements IngestOutcome {}
}

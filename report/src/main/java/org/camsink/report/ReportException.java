package org.camsink.report;

/**
 * A report that breaks the contract. {@link #path()} is the JSON path of the first error, such as
 * {@code $.hits[3].entry}; {@link #reason()} says what is wrong. Both are short, contain no stack trace
 * and never echo more than a few characters of the input, so a backend may return them to the client.
 */
public final class ReportException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final String reason;

    public ReportException(String path, String reason) {
        super(path + ": " + reason, null, false, false);
        this.path = path;
        this.reason = reason;
    }

    /** JSON path of the first error: {@code $} for the document, {@code $.hits[3].entry} for a field. */
    public String path() {
        return path;
    }

    /** What is wrong, without the path. */
    public String reason() {
        return reason;
    }
}

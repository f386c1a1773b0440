package org.camsink.blocklists.country;

/** A delegated-extended statistics file that cannot be read; the message names the file and line. */
public final class RirFormatException extends Exception {
    public RirFormatException(String message) {
        super(message);
    }
}

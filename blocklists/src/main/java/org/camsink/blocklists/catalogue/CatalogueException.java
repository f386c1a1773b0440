package org.camsink.blocklists.catalogue;

/** A catalogue file that does not follow the format; the message names the file and, where known, the line. */
public final class CatalogueException extends Exception {
    public CatalogueException(String message) {
        super(message);
    }

    public CatalogueException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.camsink.resolver.blocking.format;


import java.io.IOException;

/**
 * Reads one list format. A bad line is reported through the builder and skipped; parsing never stops early.
 * Only a failure to read the input itself throws.
 */
@FunctionalInterface
public interface ListParser {
    void parse(ListInput in, ListBuilder out) throws IOException;
}

package org.camsink.resolver.blocking.format;

/** Reads one list format. A bad line is reported through the builder and skipped; parsing never stops early. */
@FunctionalInterface
public interface ListParser {
    void parse(byte[] data, ListBuilder out);
}

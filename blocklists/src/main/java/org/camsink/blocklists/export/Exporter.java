package org.camsink.blocklists.export;

/** Writes an export in one format. */
public interface Exporter {
    /** The complete file text. */
    String write(ExportRequest request);
}

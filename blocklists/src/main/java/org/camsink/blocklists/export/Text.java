package org.camsink.blocklists.export;

/** A small line builder for text exports: every line ends with a newline, comments carry the format's marker. */
final class Text {
    private final StringBuilder sb = new StringBuilder();
    private final String comment;

    Text(String commentMarker) {
        this.comment = commentMarker;
    }

    Text line(String line) {
        sb.append(line).append('\n');
        return this;
    }

    Text comment(String text) {
        sb.append(comment).append(text.isEmpty() ? "" : " " + text).append('\n');
        return this;
    }

    Text header(ExportRequest request, String format) {
        for (String h : request.header(format)) {
            comment(h);
        }
        return line("");
    }

    /** A comment naming the entry's list and source, written above it. */
    Text source(ExportEntry e) {
        return comment(e.listId() + (e.block() ? "" : " (log-only list)") + ": " + e.value() + " <- " + e.source());
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}

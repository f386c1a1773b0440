package org.camsink.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads and writes {@code camsink.report/1}. {@link #encode} writes compact UTF-8 JSON with the fields in
 * wire order (the order of the record components), so the same report always has the same bytes.
 * {@link #decode} parses strictly and hands the tree to {@link ReportValidator}; any problem becomes a
 * {@link ReportException} with a JSON path and a short, client-safe reason.
 *
 * <p>Thread-safe; share one instance.
 */
public final class ReportCodec {
    /** The largest body {@link #decode} reads: 500 hits of the longest entries fit well below it. */
    public static final int MAX_BYTES = 256 * 1024;
    /** Root object, the hits (or candidates) array, one hit object. */
    static final int MAX_DEPTH = 3;

    private final ObjectMapper mapper;
    private final ReportValidator validator = new ReportValidator();

    public ReportCodec() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .maxNumberLength(19)
                        .maxStringLength(MAX_BYTES)
                        .maxNameLength(256)
                        .maxDocumentLength(MAX_BYTES)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        JsonMapper m = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
        m.coercionConfigDefaults()
                .setAcceptBlankAsEmpty(false)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        this.mapper = m;
    }

    /** Compact JSON, fields in wire order. Does not validate: call {@link ReportValidator#check} first. */
    public byte[] encode(HitReport r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + 96 * r.hits().size());
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("schema", r.schema());
            g.writeStringField("reportId", r.reportId());
            g.writeStringField("day", r.day());
            g.writeStringField("installation", r.installation());
            g.writeStringField("region", r.region());
            g.writeStringField("kind", r.kind());
            g.writeStringField("version", r.version());
            g.writeNumberField("activeClients", r.activeClients());
            g.writeArrayFieldStart("hits");
            for (ReportHit h : r.hits()) {
                g.writeStartObject();
                g.writeStringField("list", h.list());
                g.writeStringField("entry", h.entry());
                g.writeStringField("match", h.match());
                g.writeNumberField("queries", h.queries());
                g.writeNumberField("clients", h.clients());
                g.writeEndObject();
            }
            g.writeEndArray();
            if (!r.candidates().isEmpty()) {
                g.writeArrayFieldStart("candidates");
                for (String c : r.candidates()) {
                    g.writeString(c);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream never fails
        }
        return out.toByteArray();
    }

    /** Parses and validates one report. */
    public HitReport decode(byte[] json) throws ReportException {
        if (json == null || json.length == 0) {
            throw new ReportException("$", "empty body");
        }
        if (json.length > MAX_BYTES) {
            throw new ReportException("$", "larger than " + MAX_BYTES + " bytes");
        }
        JsonNode tree;
        try (JsonParser p = mapper.getFactory().createParser(json)) {
            try {
                tree = mapper.readTree(p);
            } catch (JsonProcessingException e) {
                throw syntaxError(e, p.getParsingContext());
            }
            JsonToken after;
            try {
                after = p.nextToken();
            } catch (JsonProcessingException e) {
                after = JsonToken.NOT_AVAILABLE;
            }
            if (after != null) {
                throw new ReportException("$", "content after the end of the report");
            }
        } catch (IOException e) {
            throw new ReportException("$", "unreadable body");
        }
        if (tree == null || tree.isMissingNode()) {
            throw new ReportException("$", "empty body");
        }
        return validator.read(tree);
    }

    private static ReportException syntaxError(JsonProcessingException e, JsonStreamContext context) {
        String path = path(context);
        if (e instanceof StreamConstraintsException) {
            return new ReportException(path, "exceeds a parser limit (nesting depth " + MAX_DEPTH
                    + ", numbers of 19 digits, " + MAX_BYTES + " bytes)");
        }
        String message = e.getOriginalMessage();
        if (message != null && message.startsWith("Duplicate field")) {
            return new ReportException(path, "duplicate field");
        }
        if (message != null && message.startsWith("Trailing token")) {
            return new ReportException("$", "content after the end of the report");
        }
        JsonLocation at = e.getLocation();
        return new ReportException(path, at == null ? "malformed JSON"
                : "malformed JSON at line " + at.getLineNr() + ", column " + at.getColumnNr());
    }

    /** {@code $.hits[2].entry} for a parser context, shortening odd field names. */
    static String path(JsonStreamContext context) {
        if (context == null) {
            return "$";
        }
        StringBuilder b = new StringBuilder();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                b.insert(0, "[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.inObject() && c.getCurrentName() != null) {
                b.insert(0, "." + ReportValidator.safeName(c.getCurrentName()));
            }
        }
        return "$" + b;
    }
}

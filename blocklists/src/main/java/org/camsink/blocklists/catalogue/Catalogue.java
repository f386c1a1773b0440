package org.camsink.blocklists.catalogue;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads catalogue lists: the ones bundled in this jar ({@code builtin:<id>}) or any file in the same format. */
public final class Catalogue {
    /** The bundled list ids, in display order: the blocked lists first, then the log-only ones. */
    public static final List<String> BUILTIN_IDS = List.of(
            "trassir", "aziguard", "rostelecom-video", "ufanet-video", "domru-video",
            "ezviz-hikconnect", "dahua-imou", "xmeye", "reolink-p2p", "tutk-kalay", "v380-macrovideo", "gwell-yoosee",
            "yi-kami", "cloudedge-meari", "ivideon", "wyze", "eufy");

    /**
     * The reader, built on first use (so {@link #BUILTIN_IDS} costs nothing) with the one module the records need
     * named explicitly: scanning the class path for modules is slow and would make start-up depend on the jar.
     */
    private static final class Mapper {
        static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .addModule(new JavaTimeModule())
                .build();
    }

    private Catalogue() {}

    /** Reads one list; {@code name} is used in error messages. */
    public static VendorList read(InputStream in, String name) throws CatalogueException {
        try {
            VendorList list = Mapper.YAML.readValue(in, VendorList.class);
            if (list == null || list.id() == null || list.entries() == null) {
                throw new CatalogueException(name + ": a list needs id: and entries:");
            }
            return list;
        } catch (UnrecognizedPropertyException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new CatalogueException(name + (line > 0 ? ":" + line : "") + ": unknown key '" + e.getPropertyName()
                    + "'; known keys: " + String.join(", ", e.getKnownPropertyIds().stream().map(Object::toString).sorted().toList()), e);
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new CatalogueException(name + (line > 0 ? ":" + line : "") + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new CatalogueException(name + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads one list from its text; {@code name} is used in error messages. */
    public static VendorList read(String text, String name) throws CatalogueException {
        return read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), name);
    }

    /** Reads a list file. */
    public static VendorList read(Path file) throws CatalogueException {
        return read(text(file), file.toString());
    }

    /** A file's text, or a CatalogueException naming it. */
    public static String text(Path file) throws CatalogueException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CatalogueException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** A bundled list by id, or empty when there is no such list. */
    public static Optional<VendorList> builtin(String id) throws CatalogueException {
        Optional<String> text = builtinText(id);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(read(text.get(), "builtin:" + id));
    }

    /** The YAML text of a bundled list, or empty when there is no such list. */
    public static Optional<String> builtinText(String id) throws CatalogueException {
        if (!id.matches("[a-z0-9-]+")) {
            return Optional.empty();
        }
        String resource = "/camsink/lists/" + id + ".yaml";
        try (InputStream in = Catalogue.class.getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CatalogueException("builtin:" + id + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Every bundled list. */
    public static List<VendorList> builtins() throws CatalogueException {
        List<VendorList> out = new ArrayList<>();
        for (String id : BUILTIN_IDS) {
            builtin(id).ifPresent(out::add);
        }
        return out;
    }
}

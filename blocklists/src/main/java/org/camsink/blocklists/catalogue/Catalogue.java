package org.camsink.blocklists.catalogue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.core.JacksonException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads catalogue lists: the ones bundled in this jar ({@code builtin:<id>}) or any file in the same format. */
public final class Catalogue {
    /** The bundled list ids, in display order. */
    public static final List<String> BUILTIN_IDS = List.of("trassir");

    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .findAndAddModules()
            .build();

    private Catalogue() {}

    /** Reads one list; {@code name} is used in error messages. */
    public static VendorList read(InputStream in, String name) throws CatalogueException {
        try {
            VendorList list = YAML.readValue(in, VendorList.class);
            if (list == null || list.id() == null || list.entries() == null) {
                throw new CatalogueException(name + ": a list needs id: and entries:");
            }
            return list;
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new CatalogueException(name + (line > 0 ? ":" + line : "") + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new CatalogueException(name + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** A bundled list by id, or empty when there is no such list. */
    public static Optional<VendorList> builtin(String id) throws CatalogueException {
        String resource = "/camsink/lists/" + id + ".yaml";
        try (InputStream in = Catalogue.class.getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(read(in, "builtin:" + id));
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

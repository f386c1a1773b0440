package org.camsink.resolver.blocking;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.camsink.blocklists.catalogue.Catalogue;
import org.camsink.blocklists.catalogue.CatalogueException;
import org.camsink.blocklists.catalogue.ListEntry;
import org.camsink.blocklists.catalogue.VendorList;
import org.camsink.blocklists.country.CountryLists;
import org.camsink.resolver.blocking.format.ListContent;
import org.camsink.resolver.blocking.format.ListFormats;
import org.camsink.resolver.config.Config.ListFormat;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the lists bundled in the jar: the country ranges with the {@code cidr} parser, and the catalogue lists
 * with SnakeYAML, which the config loader has already loaded, instead of {@link Catalogue#builtin}'s Jackson mapper: building that mapper was the largest single cost before the
 * resolver could answer. The result equals {@link Catalogue#builtin}'s (a test checks every bundled list);
 * anything this reader does not expect falls back to {@link Catalogue#builtin}, so its errors stay the same.
 */
final class BundledLists {
    private static final Set<String> LIST_KEYS =
            Set.of("id", "vendor", "products", "operatorCountry", "action", "reviewed", "why", "entries");
    private static final Set<String> ENTRY_KEYS = Set.of("domain", "cidr", "source", "note");

    private BundledLists() {}

    /** The bundled list {@code id}, or empty when there is none. */
    static Optional<VendorList> read(String id) throws CatalogueException {
        if (!id.matches("[a-z0-9-]+")) {
            return Optional.empty();
        }
        try (InputStream in = Catalogue.class.getResourceAsStream("/camsink/lists/" + id + ".yaml")) {
            if (in == null) {
                return Optional.empty();
            }
            VendorList list = parse(new InputStreamReader(in, StandardCharsets.UTF_8));
            if (list != null) {
                return Optional.of(list);
            }
        } catch (IOException e) {
            // unreadable: the catalogue reader below reports it
        }
        return Catalogue.builtin(id);
    }

    /**
     * A bundled country list ({@link CountryLists}) with its header's action as the default, read by
     * {@link CountryRangeReader} (the {@code cidr} parser if a line surprises it); empty when {@code id} is not one.
     */
    static Optional<ListContent> country(String id, String name) throws IOException {
        Optional<byte[]> data = CountryLists.bytes(id);
        if (data.isEmpty()) {
            return Optional.empty();
        }
        String action = CountryLists.header(data.get()).action();
        IpRangeSet fast = CountryRangeReader.read(data.get());
        if (fast != null) {
            return Optional.of(new ListContent(DomainSet.empty(), DomainSet.empty(), fast, IpRangeSet.empty(), 0, 0,
                    List.of(), action));
        }
        ListContent c = ListFormats.parse(ListFormat.CIDR, data.get(), name);
        return Optional.of(new ListContent(c.domains(), c.exceptions(), c.ranges(), c.rangeExceptions(),
                c.invalidLines(), c.ignoredRules(), c.problems(), action));
    }

    /** The list in {@code text}, or null when it is not in the plain shape the bundled lists use. */
    static VendorList parse(Reader text) {
        try {
            return list(new Yaml().compose(text));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The list, or null when the document is not in the plain shape the bundled lists use. */
    private static VendorList list(Node root) {
        Map<String, Node> m = map(root, LIST_KEYS);
        if (m == null || !m.containsKey("id") || !(m.get("entries") instanceof SequenceNode entries)) {
            return null;
        }
        List<ListEntry> out = new ArrayList<>();
        for (Node n : entries.getValue()) {
            Map<String, Node> e = map(n, ENTRY_KEYS);
            if (e == null) {
                return null;
            }
            out.add(new ListEntry(text(e.get("domain")), text(e.get("cidr")), text(e.get("source")), text(e.get("note"))));
        }
        String reviewed = text(m.get("reviewed"));
        return new VendorList(text(m.get("id")), text(m.get("vendor")), texts(m.get("products")),
                text(m.get("operatorCountry")), text(m.get("action")),
                reviewed == null ? null : LocalDate.parse(reviewed), text(m.get("why")), List.copyOf(out));
    }

    /** A mapping with only the given keys, each once; else null. */
    private static Map<String, Node> map(Node node, Set<String> keys) {
        if (!(node instanceof MappingNode mapping)) {
            return null;
        }
        Map<String, Node> out = new HashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
            if (key == null || !keys.contains(key) || out.put(key, t.getValueNode()) != null) {
                return null;
            }
        }
        return out;
    }

    private static String text(Node node) {
        if (node == null) {
            return null;
        }
        if (!(node instanceof ScalarNode s)) {
            throw new IllegalArgumentException("not a scalar");
        }
        boolean plainNull = s.getScalarStyle() == org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN
                && (s.getValue().isEmpty() || s.getValue().equals("null") || s.getValue().equals("~"));
        return plainNull ? null : s.getValue();
    }

    private static List<String> texts(Node node) {
        if (node == null) {
            return null;
        }
        if (!(node instanceof SequenceNode seq)) {
            throw new IllegalArgumentException("not a sequence");
        }
        List<String> out = new ArrayList<>();
        for (Node n : seq.getValue()) {
            String s = text(n);
            if (s == null) {
                throw new IllegalArgumentException("null item");
            }
            out.add(s);
        }
        return List.copyOf(out);
    }
}

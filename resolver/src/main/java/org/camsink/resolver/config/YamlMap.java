package org.camsink.resolver.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A strict reader over one YAML mapping. Every getter consumes a key; {@link #finish()} rejects whatever
 * was not consumed, so an unknown or misspelt key is always an error that names the key and its line.
 */
public final class YamlMap {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private final String file;
    private final String path;
    private final int line;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> asked = new LinkedHashSet<>();
    /** Entries already read, so that a check across keys can still name the line of a value. */
    private final Map<String, NodeTuple> read = new LinkedHashMap<>();

    YamlMap(String file, String path, Node node) throws ConfigException {
        this.file = file;
        this.path = path;
        this.line = lineOf(node);
        if (!(node instanceof MappingNode mapping)) {
            throw error(path, node, "must be a mapping of keys to values");
        }
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalar)) {
                throw error(path, keyNode, "keys must be plain words");
            }
            String key = scalar.getValue();
            if (entries.put(key, tuple) != null) {
                throw error(child(key), keyNode, "is given twice");
            }
        }
    }

    static int lineOf(Node node) {
        return node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    public String path() { return path; }

    public int line() { return line; }

    public String file() { return file; }

    public String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public ConfigException error(String keyPath, Node node, String problem) {
        return new ConfigException(file, node == null ? line : lineOf(node), keyPath, problem);
    }

    /** An error about the value of {@code key} in this map, at that value's line. */
    public ConfigException errorAt(String key, String problem) {
        NodeTuple tuple = entries.containsKey(key) ? entries.get(key) : read.get(key);
        return error(child(key), tuple == null ? null : tuple.getValueNode(), problem);
    }

    public boolean has(String key) {
        return entries.containsKey(key) && !isNull(entries.get(key).getValueNode());
    }

    private Node take(String key) {
        asked.add(key);
        NodeTuple tuple = entries.remove(key);
        if (tuple != null) {
            read.put(key, tuple);
        }
        if (tuple == null || isNull(tuple.getValueNode())) {
            return null;
        }
        return tuple.getValueNode();
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s && s.getTag().getValue().endsWith(":null");
    }

    private String scalar(String key, Node node) throws ConfigException {
        if (!(node instanceof ScalarNode s)) {
            throw error(child(key), node, "must be a single value, not a list or mapping");
        }
        return s.getValue().trim();
    }

    public String string(String key, String def) throws ConfigException {
        Node node = take(key);
        return node == null ? def : scalar(key, node);
    }

    public <T> T value(String key, T def, Function<String, T> parser, String expected) throws ConfigException {
        Node node = take(key);
        if (node == null) {
            return def;
        }
        String raw = scalar(key, node);
        try {
            T parsed = parser.apply(raw);
            if (parsed == null) {
                throw error(child(key), node, "must be " + expected + ", got '" + raw + "'");
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            String why = e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
            throw error(child(key), node, "must be " + expected + ", got '" + raw + "'" + why);
        }
    }

    public boolean bool(String key, boolean def) throws ConfigException {
        return value(key, def, raw -> switch (raw.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> Boolean.TRUE;
            case "false", "no", "off" -> Boolean.FALSE;
            default -> null;
        }, "true or false");
    }

    public long integer(String key, long def, long min, long max) throws ConfigException {
        String expected = "a whole number from " + min + " to " + max;
        return value(key, def, raw -> {
            long v;
            try {
                v = Long.parseLong(raw.replace("_", ""));
            } catch (NumberFormatException e) {
                return null;
            }
            return v < min || v > max ? null : v;
        }, expected);
    }

    public Duration duration(String key, Duration def, Duration min, Duration max) throws ConfigException {
        String expected = "a duration such as 500ms, 5s, 10m or 1h, from " + show(min) + " to " + show(max);
        return value(key, def, raw -> {
            Duration d = parseDuration(raw);
            return d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0 ? null : d;
        }, expected);
    }

    /** Parses {@code 500ms}, {@code 5s}, {@code 10m}, {@code 1h}, {@code 2d}; null when malformed. */
    public static Duration parseDuration(String raw) {
        Matcher m = DURATION.matcher(raw.trim());
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    static String show(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        if (s % 86400 == 0) return s / 86400 + "d";
        if (s % 3600 == 0) return s / 3600 + "h";
        if (s % 60 == 0) return s / 60 + "m";
        return s + "s";
    }

    public <E extends Enum<E>> E enumeration(String key, E def, Class<E> type) throws ConfigException {
        StringBuilder names = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            names.append(names.isEmpty() ? "" : " | ").append(e.name().toLowerCase(Locale.ROOT));
        }
        // YAML reads a bare `null` as no value; for an enum with a NULL constant (blocking.mode) it is that word.
        NodeTuple tuple = entries.get(key);
        if (tuple != null && tuple.getValueNode() instanceof ScalarNode s && isNull(s)) {
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(s.getValue().trim())) {
                    take(key);
                    return e;
                }
            }
        }
        return value(key, def, raw -> {
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(raw)) {
                    return e;
                }
            }
            return null;
        }, "one of " + names);
    }

    /** A list of scalars; a single scalar is accepted as a list of one. Each item is parsed and checked. */
    public <T> List<T> list(String key, List<T> def, Function<String, T> parser, String expected) throws ConfigException {
        Node node = take(key);
        if (node == null) {
            return def;
        }
        List<Node> items = node instanceof SequenceNode seq ? seq.getValue() : List.of(node);
        List<T> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String itemPath = child(key) + "[" + i + "]";
            if (!(item instanceof ScalarNode s)) {
                throw error(itemPath, item, "must be a single value");
            }
            String raw = s.getValue().trim();
            T parsed;
            try {
                parsed = parser.apply(raw);
            } catch (IllegalArgumentException e) {
                String why = e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
                throw error(itemPath, item, "must be " + expected + ", got '" + raw + "'" + why);
            }
            if (parsed == null) {
                throw error(itemPath, item, "must be " + expected + ", got '" + raw + "'");
            }
            out.add(parsed);
        }
        return List.copyOf(out);
    }

    public List<String> strings(String key, List<String> def) throws ConfigException {
        return list(key, def, raw -> raw.isEmpty() ? null : raw, "a non-empty value");
    }

    /** A nested mapping; absent gives an empty mapping so that every key takes its default. */
    public YamlMap map(String key) throws ConfigException {
        asked.add(key);
        NodeTuple tuple = entries.remove(key);
        if (tuple != null) {
            read.put(key, tuple);
        }
        if (tuple == null || isNull(tuple.getValueNode())) {
            return empty(child(key), tuple == null ? line : lineOf(tuple.getValueNode()));
        }
        return new YamlMap(file, child(key), tuple.getValueNode());
    }

    /** A list of mappings, or null when absent. */
    public List<YamlMap> maps(String key) throws ConfigException {
        Node node = take(key);
        if (node == null) {
            return null;
        }
        if (!(node instanceof SequenceNode seq)) {
            throw error(child(key), node, "must be a list");
        }
        List<YamlMap> out = new ArrayList<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
            out.add(new YamlMap(file, child(key) + "[" + i + "]", seq.getValue().get(i)));
        }
        return out;
    }

    private YamlMap empty(String childPath, int at) {
        return new YamlMap(file, childPath, at);
    }

    private YamlMap(String file, String path, int line) {
        this.file = file;
        this.path = path;
        this.line = line;
    }

    /** Rejects every key that no getter consumed; call it after reading every known key. */
    public void finish() throws ConfigException {
        if (entries.isEmpty()) {
            return;
        }
        Map.Entry<String, NodeTuple> first = entries.entrySet().iterator().next();
        String hint = asked.isEmpty() ? "" : "; known keys here: " + String.join(", ", asked);
        throw error(child(first.getKey()), first.getValue().getKeyNode(), "unknown key" + hint);
    }
}

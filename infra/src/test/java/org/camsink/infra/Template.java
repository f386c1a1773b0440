package org.camsink.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * infra/template.yaml read as plain YAML (it uses only long-form intrinsics), with the few look-ups the tests
 * need: resources by type, a function's properties with the SAM {@code Globals} applied, and every name that
 * {@code Ref}, {@code Fn::GetAtt}, {@code Fn::Sub} or a condition refers to.
 */
final class Template {
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_:.]+)}");

    final Path file;
    final JsonNode root;

    private Template(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    static Template load() {
        return load(Paths.template());
    }

    static Template load(Path file) {
        try {
            return new Template(file, new YAMLMapper().readTree(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    JsonNode resources() {
        return root.path("Resources");
    }

    JsonNode resource(String logicalId) {
        JsonNode r = resources().get(logicalId);
        if (r == null) {
            throw new AssertionError("template has no resource " + logicalId);
        }
        return r;
    }

    /** Logical ids of every resource of the given type, in template order. */
    List<String> resourcesOfType(String type) {
        List<String> ids = new ArrayList<>();
        resources().properties().forEach(e -> {
            if (type.equals(e.getValue().path("Type").asText())) {
                ids.add(e.getKey());
            }
        });
        return ids;
    }

    List<String> functions() {
        return resourcesOfType("AWS::Serverless::Function");
    }

    /**
     * A function's properties as SAM deploys them: {@code Globals.Function} first, then the function's own,
     * which win; {@code Environment.Variables} maps are merged key by key, as SAM does.
     */
    ObjectNode functionProperties(String logicalId) {
        ObjectNode merged = root.path("Globals").path("Function").isObject()
                ? ((ObjectNode) root.path("Globals").path("Function")).deepCopy()
                : new YAMLMapper().createObjectNode();
        JsonNode own = resource(logicalId).path("Properties");
        own.properties().forEach(e -> {
            if (e.getKey().equals("Environment") && merged.has("Environment")) {
                ObjectNode vars = (ObjectNode) merged.path("Environment").path("Variables");
                e.getValue().path("Variables").properties().forEach(v -> vars.set(v.getKey(), v.getValue()));
            } else {
                merged.set(e.getKey(), e.getValue());
            }
        });
        return merged;
    }

    /** The logical id a node refers to with {@code Ref: X} or {@code Fn::GetAtt: [X, Attr]}, or null. */
    static String referencedId(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.has("Ref")) {
            return node.get("Ref").asText();
        }
        JsonNode getAtt = node.get("Fn::GetAtt");
        if (getAtt != null) {
            return getAtt.isArray() ? getAtt.get(0).asText() : getAtt.asText().split("\\.", 2)[0];
        }
        return null;
    }

    /**
     * Every name referred to anywhere outside {@code Parameters}: {@code Ref} targets, {@code Fn::GetAtt}
     * resources, {@code ${Name}} variables of {@code Fn::Sub} strings and {@code Condition} names.
     */
    Set<String> referencedNames() {
        Set<String> names = new LinkedHashSet<>();
        root.properties().forEach(section -> {
            if (!section.getKey().equals("Parameters")) {
                collectReferences(section.getValue(), names);
            }
        });
        return names;
    }

    private static void collectReferences(JsonNode node, Set<String> names) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                JsonNode v = e.getValue();
                switch (e.getKey()) {
                    case "Ref", "Condition" -> names.add(v.asText());
                    case "Fn::GetAtt" -> names.add(v.isArray() ? v.get(0).asText() : v.asText().split("\\.", 2)[0]);
                    case "Fn::Sub" -> {
                        String text = v.isArray() ? v.get(0).asText() : v.asText();
                        Matcher m = SUB_VARIABLE.matcher(text);
                        while (m.find()) {
                            names.add(m.group(1).split("\\.", 2)[0]);
                        }
                    }
                    case "Fn::If" -> names.add(v.get(0).asText());
                    default -> { }
                }
                collectReferences(v, names);
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectReferences(child, names));
        }
    }

    /** Event sources of a function, by event name, to their SAM type (HttpApi, Schedule, ...). */
    Map<String, JsonNode> events(String functionId) {
        Map<String, JsonNode> events = new LinkedHashMap<>();
        resource(functionId).path("Properties").path("Events").properties()
                .forEach(e -> events.put(e.getKey(), e.getValue()));
        return events;
    }
}

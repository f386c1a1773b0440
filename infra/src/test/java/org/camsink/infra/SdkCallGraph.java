package org.camsink.infra;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * The DynamoDB operations that the project's classes in a jar can call, starting from some entry classes and
 * following every class they name (an over-approximation: a class that is reachable counts with all its calls).
 */
final class SdkCallGraph {
    private static final String CLIENT = "software/amazon/awssdk/services/dynamodb/DynamoDbClient";

    private SdkCallGraph() {
    }

    /** Operation names as IAM spells them (PutItem, Query...), called by classes reachable from the entries. */
    static Set<String> dynamoOperations(Path jar, Collection<String> entryClasses, String ownPrefix)
            throws IOException {
        Set<String> operations = new TreeSet<>();
        Set<String> seen = new TreeSet<>();
        Deque<String> queue = new ArrayDeque<>();
        entryClasses.forEach(c -> queue.add(c.replace('.', '/')));
        try (JarFile j = new JarFile(jar.toFile())) {
            while (!queue.isEmpty()) {
                String name = queue.poll();
                if (!seen.add(name)) {
                    continue;
                }
                ZipEntry entry = j.getEntry(name + ".class");
                if (entry == null) {
                    throw new AssertionError(name + " is referenced but not in " + jar);
                }
                ClassConstants c = ClassConstants.read(j.getInputStream(entry).readAllBytes());
                for (String ref : c.classes) {
                    if (ref.startsWith(ownPrefix) && !seen.contains(ref)) {
                        queue.add(ref);
                    }
                }
                for (ClassConstants.MethodRef m : c.methods) {
                    if (m.owner().equals(CLIENT) && !m.name().equals("close") && !m.name().startsWith("<")
                            && !m.name().equals("serviceClientConfiguration") && !m.name().equals("builder")
                            && !m.name().equals("create")) {
                        String op = m.name().endsWith("Paginator")
                                ? m.name().substring(0, m.name().length() - "Paginator".length()) : m.name();
                        operations.add(op.substring(0, 1).toUpperCase(Locale.ROOT) + op.substring(1));
                    }
                }
            }
        }
        return operations;
    }
}

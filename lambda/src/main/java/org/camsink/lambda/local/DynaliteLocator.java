package org.camsink.lambda.local;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the dynalite executable: {@code $CAMSINK_DYNALITE}, then {@code <repo>/.tools/node_modules/.bin/dynalite}
 * (the repository found upwards from the working directory and from this jar), then {@code $PATH}.
 */
public final class DynaliteLocator {
    /** The npm package, named in every "not found" message. */
    public static final String NPM_PACKAGE = "dynalite@4";
    static final String RELATIVE = "node_modules/.bin/dynalite";

    private DynaliteLocator() {}

    public static Optional<Path> find(Map<String, String> env) {
        String explicit = env.get("CAMSINK_DYNALITE");
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path root : repoCandidates()) {
            Path p = root.resolve(".tools").resolve(RELATIVE);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isBlank()) {
                Path p = Path.of(dir, "dynalite");
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** The message a caller shows when nothing was found. */
    public static String missingMessage() {
        return "dynalite not found: set CAMSINK_DYNALITE, or install the npm package " + NPM_PACKAGE
                + " (./camsink test installs it into .tools/: npm install --prefix .tools " + NPM_PACKAGE + ")";
    }

    private static List<Path> repoCandidates() {
        Set<Path> out = new LinkedHashSet<>();
        addAncestors(out, Path.of("").toAbsolutePath());
        try {
            var location = DynaliteLocator.class.getProtectionDomain().getCodeSource();
            if (location != null) {
                addAncestors(out, Path.of(location.getLocation().toURI()).toAbsolutePath());
            }
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            // Only a hint; the other places still count.
        }
        return new ArrayList<>(out);
    }

    private static void addAncestors(Set<Path> out, Path start) {
        int depth = 0;
        for (Path p = start; p != null && depth < 6; p = p.getParent(), depth++) {
            out.add(p);
        }
    }
}

package org.camsink.infra;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find the project's files: the infra module's folder and the repository root above it. */
final class Paths {
    private Paths() {
    }

    /** The infra module folder (Maven runs tests with it as the working directory, or from the root). */
    static Path infra() {
        Path cwd = Path.of("").toAbsolutePath();
        if (Files.isRegularFile(cwd.resolve("template.yaml"))) {
            return cwd;
        }
        if (Files.isRegularFile(cwd.resolve("infra/template.yaml"))) {
            return cwd.resolve("infra");
        }
        throw new AssertionError("cannot find infra/template.yaml from " + cwd);
    }

    static Path root() {
        return infra().getParent();
    }

    static Path template() {
        return infra().resolve("template.yaml");
    }
}

package org.camsink.infra;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Finds an outside program the tests need: an environment variable first, then known places, then PATH. */
final class ExternalTool {
    private ExternalTool() {
    }

    /** The program's path; an AssertionError naming the package to install when it is nowhere. */
    static String find(String envVar, String executable, List<Path> places, String whenMissing) {
        String env = System.getenv(envVar);
        if (env != null && !env.isBlank()) {
            if (!Files.isExecutable(Path.of(env))) {
                throw new AssertionError(envVar + "=" + env + " is not an executable file");
            }
            return env;
        }
        for (Path p : places) {
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, executable);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError(executable + " not found: " + whenMissing + ", or set " + envVar + " to its path");
    }
}

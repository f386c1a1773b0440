package org.camsink.blocklists.export;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Finds and runs the real programs that consume the exports; a missing program fails the test naming its package. */
final class ExternalTools {
    private ExternalTools() {}

    /** The program from $ENV, else /usr/sbin, /usr/bin, /sbin, /bin; fails naming the Debian package otherwise. */
    static Path find(String program, String debianPackage) {
        String env = System.getenv("CAMSINK_" + program.toUpperCase().replace('-', '_'));
        List<Path> candidates = new ArrayList<>();
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin")) {
            candidates.add(Path.of(dir, program));
        }
        for (Path p : candidates) {
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return fail(program + " is missing: install the Debian package '" + debianPackage
                + "' (apt-get install " + debianPackage + "), or set CAMSINK_" + program.toUpperCase().replace('-', '_'));
    }

    record Result(int exit, String output) {}

    /** Runs a command to completion (bounded by {@code seconds}); stdout and stderr are merged. */
    static Result run(int seconds, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                return fail(String.join(" ", command) + " did not finish within " + seconds + " s");
            }
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }
}

package org.camsink.infra;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.camsink.report.RegistrableDomain;

/**
 * Run in a child JVM with only the deployed jar (and the test classes) on its class path: prints, for each line of
 * the file given, the registrable domain the jar's trimmed Guava finds for it, or {@code null}.
 */
public final class DomainProbe {
    private DomainProbe() {
    }

    public static void main(String[] args) throws Exception {
        StringBuilder out = new StringBuilder();
        for (String name : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
            out.append(RegistrableDomain.of(name)).append('\n');
        }
        System.out.print(out);
    }
}

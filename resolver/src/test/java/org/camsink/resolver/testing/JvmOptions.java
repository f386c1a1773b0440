package org.camsink.resolver.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the resolver's JVM flags file the way the java launcher reads an @argument file: one flag a line, # comments. */
public final class JvmOptions {
    private JvmOptions() {
    }

    public static List<String> read(Path file) throws IOException {
        List<String> flags = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            int hash = line.indexOf('#');
            String flag = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (!flag.isEmpty()) {
                flags.add(flag);
            }
        }
        return flags;
    }
}

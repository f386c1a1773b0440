package org.camsink.resolver.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Teardown shared by the test classes that start fixtures in {@code @BeforeAll}. */
public final class Fixtures {
    private Fixtures() {}

    /**
     * Closes each fixture that was started (nulls are skipped, for a {@code @BeforeAll} that failed part-way),
     * in the order given. Every one is closed even when an earlier one fails; the first failure is thrown with
     * the later ones suppressed.
     */
    public static void closeAll(AutoCloseable... fixtures) throws Exception {
        Exception first = null;
        for (AutoCloseable f : fixtures) {
            if (f == null) {
                continue;
            }
            try {
                f.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** A fixture that deletes a temp folder of plain files (no subfolders) and the folder; null does nothing. */
    public static AutoCloseable folder(Path dir) {
        return () -> {
            if (dir == null) {
                return;
            }
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        };
    }
}

package org.camsink.lambda.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Installs dynalite with npm into a data folder, for the local runner's first start. */
public final class DynaliteInstaller {
    private DynaliteInstaller() {}

    /** The data folder: {@code $CAMSINK_DATA}, else {@code $XDG_DATA_HOME/camsink}, else {@code ~/.local/share/camsink}. */
    public static Path dataDir(Map<String, String> env) {
        String explicit = env.get("CAMSINK_DATA");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = env.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("camsink");
    }

    /** The executable inside the data folder, installing it there first when missing. */
    public static Path ensure(Path dataDir) throws IOException {
        Path bin = dataDir.resolve(DynaliteLocator.RELATIVE);
        if (Files.isExecutable(bin)) {
            return bin;
        }
        Files.createDirectories(dataDir);
        System.err.println("camsink: installing " + DynaliteLocator.NPM_PACKAGE + " with npm into " + dataDir);
        Process npm;
        try {
            npm = new ProcessBuilder(List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error",
                    "--prefix", dataDir.toString(), DynaliteLocator.NPM_PACKAGE))
                    .inheritIO().start();
        } catch (IOException e) {
            throw new IOException("npm is needed to install " + DynaliteLocator.NPM_PACKAGE
                    + " (Debian: apt-get install npm), or pass --dynamodb URL", e);
        }
        try {
            if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                npm.destroyForcibly();
                throw new IOException("npm install " + DynaliteLocator.NPM_PACKAGE + " failed");
            }
        } catch (InterruptedException e) {
            npm.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted installing dynalite", e);
        }
        if (!Files.isExecutable(bin)) {
            throw new IOException("npm finished but " + bin + " is missing");
        }
        return bin;
    }
}

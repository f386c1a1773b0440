package org.camsink.infra;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A dynalite server (the open-source DynamoDB-compatible server from npm) on 127.0.0.1 and a free port, in memory,
 * for one test class. Found through $CAMSINK_DYNALITE, then the repository's .tools/, then PATH.
 */
final class Dynalite implements AutoCloseable {
    private final Process process;
    private final int port;

    private Dynalite(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    static Dynalite start() throws IOException, InterruptedException {
        String binary = binary();
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            Process p = new ProcessBuilder(binary, "--host", "127.0.0.1", "--port", Integer.toString(port),
                    "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (awaitListening(p, port, 15_000)) {
                return new Dynalite(p, port);
            }
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            last = new IOException("dynalite did not listen on 127.0.0.1:" + port + " (exit "
                    + (p.isAlive() ? "none" : p.exitValue()) + ")");
        }
        throw last;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static boolean awaitListening(Process p, int port, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline && p.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return true;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static String binary() {
        String env = System.getenv("CAMSINK_DYNALITE");
        if (env != null && !env.isBlank()) {
            if (!Files.isExecutable(Path.of(env))) {
                throw new AssertionError("CAMSINK_DYNALITE=" + env + " is not an executable file");
            }
            return env;
        }
        Path tools = Paths.root().resolve(".tools/node_modules/.bin/dynalite");
        if (Files.isExecutable(tools)) {
            return tools.toString();
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "dynalite");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError("dynalite not found: install the npm package dynalite (./camsink test does: "
                + "npm install dynalite@4 into .tools/), or set CAMSINK_DYNALITE to its path");
    }
}

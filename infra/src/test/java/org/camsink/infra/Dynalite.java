package org.camsink.infra;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
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

    /** A DynamoDB client for this server, with dummy credentials and the given SDK interceptors. */
    DynamoDbClient client(ExecutionInterceptor... interceptors) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> List.of(interceptors).forEach(c::addExecutionInterceptor))
                .build();
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
        return ExternalTool.find("CAMSINK_DYNALITE", "dynalite",
                List.of(Paths.root().resolve(".tools/node_modules/.bin/dynalite")),
                "install the npm package dynalite (./camsink test does: npm install dynalite@4 into .tools/)");
    }
}

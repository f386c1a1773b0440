package org.camsink.lambda.local;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.camsink.lambda.aggregate.AggregationService;
import org.camsink.lambda.config.BackendConfig;
import org.camsink.lambda.handler.AggregateHandler;
import org.camsink.lambda.handler.ApiHandler;
import org.camsink.lambda.handler.Backend;
import org.camsink.lambda.handler.IngestHandler;
import org.camsink.lambda.handler.TokenHandler;
import org.camsink.lambda.token.Issuer;
import org.camsink.lambda.token.IssuerKeys;
import org.camsink.lambda.token.KeyFile;
import org.camsink.lambda.token.KeySource;
import org.camsink.lambda.token.TokenConfig;
import org.camsink.report.token.TokenException;
import org.camsink.lambda.store.dynamo.DynamoClients;
import org.camsink.lambda.store.dynamo.Tables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Serves the Lambda handlers on 127.0.0.1 over plain HTTP, against dynalite (started here when no endpoint is
 * given) or any DynamoDB-compatible endpoint. Requests become API Gateway v2 events, so the code path is Lambda's.
 * Aggregation runs on a timer and, coalesced, after accepted reports.
 */
public final class LocalRunner implements AutoCloseable {
    /** Local ingests finish in well under this; a marker older than it has all its puts done. */
    static final int LOCAL_SETTLE_SECONDS = 10;

    private final DynaliteProcess dynalite;
    private final DynamoDbClient dynamo;
    private final HttpServer server;
    private final ExecutorService httpThreads;
    private final ScheduledExecutorService aggregator;
    private final AggregationService aggregation;
    private final AtomicBoolean aggregationQueued = new AtomicBoolean();
    private final URI url;

    private LocalRunner(DynaliteProcess dynalite, DynamoDbClient dynamo, HttpServer server,
                        ExecutorService httpThreads, ScheduledExecutorService aggregator,
                        AggregationService aggregation) {
        this.dynalite = dynalite;
        this.dynamo = dynamo;
        this.server = server;
        this.httpThreads = httpThreads;
        this.aggregator = aggregator;
        this.aggregation = aggregation;
        this.url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    public static LocalRunner start(LocalOptions options) throws IOException {
        DynaliteProcess dynalite = null;
        URI endpoint = options.dynamodb();
        if (endpoint == null) {
            Path executable = DynaliteLocator.find(System.getenv())
                    .orElse(null);
            if (executable == null) {
                executable = DynaliteInstaller.ensure(DynaliteInstaller.dataDir(System.getenv()));
            }
            Path log = Files.createTempFile("camsink-dynalite", ".log");
            log.toFile().deleteOnExit();
            dynalite = DynaliteProcess.start(executable, log);
            endpoint = dynalite.endpoint();
        }
        DynamoDbClient dynamo = null;
        try {
            BackendConfig config = BackendConfig.local(options.reportsTable(), options.statsTable(), endpoint)
                    .withK(options.k())
                    .withSettleSeconds(LOCAL_SETTLE_SECONDS)
                    .withRelease(options.release());
            dynamo = DynamoClients.forLocal(config);
            Tables.ensure(dynamo, config);
            Path keyFile = options.keyFile() != null ? options.keyFile()
                    : DynaliteInstaller.dataDir(System.getenv()).resolve(KeyFile.NAME);
            IssuerKeys keys = KeyFile.loadOrCreate(keyFile, options.clock().instant(), new SecureRandom());
            Issuer issuer = new Issuer(TokenConfig.local(keyFile, options.tokensPerBlock()), KeySource.fixed(keys));
            IngestHandler ingest = new IngestHandler(config, issuer, dynamo, options.clock());
            TokenHandler tokens = new TokenHandler(config, issuer, dynamo, options.clock());
            ApiHandler api = new ApiHandler(config, dynamo, options.clock());
            AggregationService aggregation = Backend.aggregation(config, dynamo, options.clock());
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    options.port()), 128);
            ExecutorService httpThreads = Executors.newFixedThreadPool(16);
            ScheduledExecutorService aggregator = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "camsink-aggregate");
                t.setDaemon(true);
                return t;
            });
            LocalRunner runner = new LocalRunner(dynalite, dynamo, server, httpThreads, aggregator, aggregation);
            server.createContext("/", new HttpBridge(e -> ingest.handleRequest(e, null), e -> api.handleRequest(e, null),
                    e -> tokens.handleRequest(e, null), status -> {
                        if (status == 202 && options.inlineAggregate()) {
                            runner.requestAggregation();
                        }
                    }));
            server.setExecutor(httpThreads);
            server.start();
            long every = options.aggregateEvery().toMillis();
            aggregator.scheduleWithFixedDelay(runner::aggregateQuietly, every, every, TimeUnit.MILLISECONDS);
            return runner;
        } catch (TokenException e) {
            if (dynamo != null) {
                dynamo.close();
            }
            if (dynalite != null) {
                dynalite.close();
            }
            throw new IOException(e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            if (dynamo != null) {
                dynamo.close();
            }
            if (dynalite != null) {
                dynalite.close();
            }
            throw e;
        }
    }

    /** The base URL, such as {@code http://127.0.0.1:8080/}. */
    public URI url() {
        return url;
    }

    /** The DynamoDB endpoint in use. */
    public DynamoDbClient dynamo() {
        return dynamo;
    }

    /** Runs one aggregation now, on the caller's thread (what the scheduled Lambda function does). */
    public synchronized AggregationService.RunResult aggregateNow() {
        return aggregation.run();
    }

    /** Queues one aggregation run unless one is already waiting. */
    void requestAggregation() {
        if (aggregationQueued.compareAndSet(false, true)) {
            aggregator.execute(() -> {
                aggregationQueued.set(false);
                aggregateQuietly();
            });
        }
    }

    private void aggregateQuietly() {
        try {
            aggregateNow();
        } catch (RuntimeException e) {
            System.err.println("camsink: aggregation failed (will retry): " + e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        httpThreads.shutdownNow();
        aggregator.shutdownNow();
        try {
            aggregator.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dynamo.close();
        if (dynalite != null) {
            dynalite.close();
        }
    }

    /**
     * {@code keys FILE}: creates the issuer key ring file, or rotates it when a new key is due (for the secret the
     * template names); prints each key's id and window.
     */
    static int keys(String[] args) {
        if (args.length != 2) {
            System.err.println("Usage: camsink backend keys FILE   (create or rotate an issuer key ring file)");
            return 2;
        }
        try {
            IssuerKeys ring = KeyFile.loadOrCreate(Path.of(args[1]), java.time.Instant.now(), new SecureRandom());
            ring.keys().forEach(k -> System.out.println("key " + k.publicKey().idHex() + " valid " + k.notBefore()
                    + " .. " + k.notAfter()));
            return 0;
        } catch (IOException | TokenException e) {
            System.err.println("camsink backend keys: " + e.getMessage());
            return 1;
        }
    }

    public static void main(String[] args) {
        LocalOptions options;
        try {
            if (args.length > 0 && args[0].equals("keys")) {
                System.exit(keys(args));
                return;
            }
            if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
                System.out.println(LocalOptions.USAGE);
                return;
            }
            options = LocalOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("camsink backend: " + e.getMessage());
            System.err.println(LocalOptions.USAGE);
            System.exit(2);
            return;
        }
        LocalRunner runner;
        try {
            runner = start(options);
        } catch (IOException | RuntimeException e) {
            System.err.println("camsink backend: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(runner::close, "camsink-shutdown"));
        System.out.println("camsink backend listening on " + runner.url() + " (POST /v1/reports, GET /v1/stats, "
                + "GET /v1/lists, GET /v1/token-key, POST /v1/tokens, dashboard at /)");
        System.out.flush();
    }

}

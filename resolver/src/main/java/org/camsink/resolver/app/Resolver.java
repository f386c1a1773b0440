package org.camsink.resolver.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.camsink.resolver.acl.RateLimiter;
import org.camsink.resolver.acl.ResponseRateLimiter;
import org.camsink.resolver.admin.Admin;
import org.camsink.resolver.config.Config;
import org.camsink.resolver.config.ConfigException;
import org.camsink.resolver.config.ConfigLoader;
import org.camsink.resolver.events.QueryListener;
import org.camsink.resolver.pipeline.Query;
import org.camsink.resolver.pipeline.Resolution;
import org.camsink.resolver.server.DnsServer;
import org.camsink.resolver.server.QueryService;
import org.camsink.resolver.server.TcpCounters;
import org.camsink.resolver.status.StatusSource;
import org.camsink.resolver.telemetry.TelemetryService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running resolver: listeners, the current pipeline, and the query listeners. {@link #reload(Config)}
 * builds a whole new pipeline and swaps it in atomically; queries already inside the old one finish there.
 */
public final class Resolver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Resolver.class);

    private final AtomicReference<Engine> engine = new AtomicReference<>();
    private final List<QueryListener> listeners = new CopyOnWriteArrayList<>();
    private final ResolverStatus status = new ResolverStatus(engine::get);
    private final List<AutoCloseable> services = new ArrayList<>();
    private final DnsServer server;
    private volatile Admin admin;
    private volatile TelemetryService telemetry;
    private volatile Config config;

    private final LongSupplier limiterNanos;

    private Resolver(Config config, LongSupplier limiterNanos) throws IOException {
        this.config = config;
        this.limiterNanos = limiterNanos;
        engine.set(Engine.build(config, null, limiterNanos));
        QueryService service = new QueryService(() -> engine.get().pipeline(), config.server().ednsPayload(),
                this::tell, engine::get);
        try {
            this.server = DnsServer.start(config.listen(), config.server(), service,
                    client -> engine.get().admitsConnection(client));
            status.tcp(server.tcpCounters());
            status.server(server, service);
        } catch (IOException | RuntimeException e) {
            engine.get().close();
            throw e;
        }
        try {
            startServices(config);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Everything that lives as long as the resolver, besides the listeners. Each service is one line: start it,
     * register its listeners, and add it to {@link #services} so {@link #close()} stops it.
     */
    private void startServices(Config config) throws IOException {
        addListener(new QueryLog(() -> this.config.log().queries()));
        try {
            this.admin = Admin.start(config, status); // binds admin.listen only when admin.enabled
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot start the admin page on " + config.admin().listen() + ": " + e.getMessage(), e);
        }
        services.add(admin);
        listeners.addAll(admin.listeners());
        if (config.file() != null) {
            services.add(new ConfigWatcher(config.file(), this::reloadFromFile));
        }
        if (config.telemetry().enabled()) {
            startTelemetry(config.telemetry());
        }
    }

    /** Opt-in telemetry (resolver/docs/telemetry.md). A broken data folder costs the reports, never DNS service. */
    private void startTelemetry(Config.Telemetry settings) {
        try {
            TelemetryService telemetry = TelemetryService.start(settings);
            telemetry.reportLists(config.lists());
            this.telemetry = telemetry;
            services.add(telemetry);
            listeners.add(telemetry);
            if (settings.shareCandidates()) {
                admin.candidates().sink(telemetry); // registrable domains only, opted in separately
            }
            status.telemetry(telemetry);
        } catch (IOException | RuntimeException e) {
            LOG.error("telemetry is enabled but cannot start ({}); serving DNS without it", e.toString());
        }
    }

    /** Binds every listen address and starts serving; throws when an address cannot be bound. */
    public static Resolver start(Config config) {
        return start(config, System::nanoTime);
    }

    /**
     * As {@link #start(Config)}, with the clock (nanoseconds) that the rate limits refill by. Tests pass a clock they
     * move by hand, so that a limit is asserted by counts and never by how fast the machine is.
     */
    public static Resolver start(Config config, LongSupplier limiterNanos) {
        try {
            return new Resolver(config, limiterNanos);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + config.listen() + ": " + e.getMessage(), e);
        }
    }

    private void tell(Query query, Resolution resolution, long elapsedNanos) {
        for (QueryListener l : listeners) {
            try {
                l.onQuery(query, resolution, elapsedNanos);
            } catch (RuntimeException e) {
                LOG.warn("query listener {} failed: {}", l.getClass().getSimpleName(), e.toString());
            }
        }
    }

    public List<InetSocketAddress> udpAddresses() {
        return server.udpAddresses();
    }

    public List<InetSocketAddress> tcpAddresses() {
        return server.tcpAddresses();
    }

    /** Told about every query after its answer has been sent, on the serving (virtual) thread. */
    public void addListener(QueryListener listener) {
        listeners.add(listener);
    }

    /** The admin side: counters, device table, and the admin server's bound port ({@code -1} when off). */
    public Admin admin() {
        return admin;
    }

    public StatusSource status() {
        return status;
    }

    public Config config() {
        return config;
    }

    /** TCP connections open right now. */
    public int openTcpConnections() {
        return server.openTcpConnections();
    }

    /** Why TCP connections were turned away or closed early. */
    public TcpCounters tcpCounters() {
        return server.tcpCounters();
    }

    /** The current response rate limit, with its counters. */
    public ResponseRateLimiter responseLimits() {
        return engine.get().rrl();
    }

    /** The current per-client rate limit, with its counters. */
    public RateLimiter limits() {
        return engine.get().limiter();
    }

    /** The handler names of the current pipeline, in order. */
    public List<String> pipelineOrder() {
        return engine.get().pipeline().order();
    }

    /**
     * Builds a pipeline from {@code next} and swaps it in. Listen addresses and listener limits need a restart;
     * a change to them is logged. The cache survives when the cache settings did not change.
     */
    public synchronized void reload(Config next) {
        Engine current = engine.get();
        Engine fresh = Engine.build(next, current, limiterNanos);
        engine.set(fresh);
        if (!next.listen().equals(config.listen()) || !next.server().equals(config.server())) {
            LOG.warn("listen and server settings changed; they take effect after a restart");
        }
        if (admin != null) {
            admin.candidates().configure(next);
        }
        if (telemetry != null) {
            telemetry.reportLists(next.lists());
        }
        if (!next.telemetry().equals(config.telemetry())) {
            LOG.warn("telemetry settings changed; they take effect after a restart");
        }
        this.config = next;
    }

    /**
     * Reads the config file again and reloads (SIGHUP, or the file changed). A file that does not load is
     * logged and the running configuration keeps serving. Returns whether the new config is in use.
     */
    public boolean reloadFromFile() {
        Path file = config.file();
        if (file == null) {
            LOG.info("reload requested, but running on built-in defaults; nothing to reload");
            return false;
        }
        try {
            reload(ConfigLoader.load(file));
            LOG.info("reloaded {}", file);
            return true;
        } catch (ConfigException e) {
            LOG.error("reload failed, still serving the previous config: {}", e.getMessage());
            return false;
        } catch (RuntimeException e) {
            LOG.error("reload failed, still serving the previous config: {}", e.toString());
            return false;
        }
    }

    /**
     * SIGHUP: reloads the config file as {@link #reloadFromFile()} does, then reads every list again and fetches
     * URL lists even when their refresh is not due, as {@code pihole -g} would. A list that fails keeps its last
     * good copy. The downloads run on the list fetch thread, so this never waits for a slow feed. Saving the config
     * file only does the first part.
     */
    public boolean hangup() {
        boolean reloaded = reloadFromFile();
        try {
            engine.get().refreshLists();
            LOG.info("lists reloaded; URL lists are being fetched again in the background");
        } catch (RuntimeException e) {
            LOG.error("list reload failed, still serving the previous lists: {}", e.toString());
        }
        return reloaded;
    }

    @Override
    public void close() {
        for (AutoCloseable s : services.reversed()) {
            try {
                s.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", s.getClass().getSimpleName(), e.toString());
            }
        }
        if (server != null) {
            server.close();
        }
        Engine e = engine.get();
        if (e != null) {
            e.close();
        }
    }
}

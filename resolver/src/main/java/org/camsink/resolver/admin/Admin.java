package org.camsink.resolver.admin;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.camsink.resolver.config.Config;
import org.camsink.resolver.config.ConfigLoader;
import org.camsink.resolver.discovery.CandidateTable;
import org.camsink.resolver.events.QueryListener;
import org.camsink.resolver.net.HostPort;
import org.camsink.resolver.status.StatusSource;

/**
 * The admin side of a running resolver: the {@link Metrics}, {@link DeviceTable} and {@link CandidateTable}
 * listeners, client names,
 * and the {@link AdminServer} when {@code admin.enabled}. The resolver registers {@link #listeners()} with its
 * query events and closes this on shutdown.
 *
 * <pre>{@code
 * Admin admin = Admin.start(config, statusSource);   // binds config.admin().listen() when enabled
 * listeners.addAll(admin.listeners());
 * ... admin.port() ...                                // the bound port (admin.listen may use port 0)
 * admin.close();
 * }</pre>
 */
public final class Admin implements AutoCloseable {

    private final Metrics metrics;
    private final DeviceTable devices;
    private final CandidateTable candidates;
    private final ReverseNames names;
    private final AdminServer server;

    private Admin(Metrics metrics, DeviceTable devices, CandidateTable candidates, ReverseNames names, AdminServer server) {
        this.metrics = metrics;
        this.devices = devices;
        this.candidates = candidates;
        this.names = names;
        this.server = server;
    }

    /** Builds the listeners and, when {@code admin.enabled}, starts the server on {@code admin.listen}. */
    public static Admin start(Config config, StatusSource status) throws IOException {
        Duration timeout = config.upstream() == null ? Duration.ofSeconds(2) : config.upstream().timeout();
        List<HostPort> upstreams = config.upstreams() == null ? List.of() : config.upstreams();
        boolean enabled = config.admin() != null && config.admin().enabled();
        return start(enabled ? config.admin().listen() : null, status, new DeviceTable(), new CandidateTable(config),
                new ReverseNames(upstreams, timeout));
    }

    /** As {@link #start(Config, StatusSource)}, with the parts given and discovery at its defaults. */
    public static Admin start(HostPort listen, StatusSource status, DeviceTable devices, ReverseNames names) throws IOException {
        return start(listen, status, devices, new CandidateTable(ConfigLoader.defaults()), names);
    }

    /** As {@link #start(Config, StatusSource)}, with the parts given; a null {@code listen} starts no server. */
    public static Admin start(HostPort listen, StatusSource status, DeviceTable devices, CandidateTable candidates,
                              ReverseNames names) throws IOException {
        Metrics metrics = new Metrics();
        AdminServer server = null;
        if (listen != null) {
            server = AdminServer.start(listen, new AdminData(status, metrics, devices, candidates, names, Instant.now()));
        }
        return new Admin(metrics, devices, candidates, names, server);
    }

    public List<QueryListener> listeners() {
        return List.of(metrics, devices, candidates);
    }

    public Metrics metrics() {
        return metrics;
    }

    public DeviceTable devices() {
        return devices;
    }

    /** Rebrand candidates and the devices known as cameras. */
    public CandidateTable candidates() {
        return candidates;
    }

    /** True when the admin server is running. */
    public boolean serving() {
        return server != null;
    }

    /** The bound port, or -1 when the admin server is off. */
    public int port() {
        return server == null ? -1 : server.port();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        if (names != null) {
            names.close();
        }
    }
}

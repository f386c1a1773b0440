package org.camsink.resolver.cli;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.camsink.resolver.app.HangupSignal;
import org.camsink.resolver.app.Resolver;
import org.camsink.resolver.config.Config;
import org.camsink.resolver.config.ConfigException;
import org.camsink.resolver.config.ConfigLoader;
import org.camsink.resolver.net.HostPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code camsink run [--config FILE]}: serve until stopped. Without a file the built-in defaults apply
 * (127.0.0.1:1053 over UDP and TCP, admin on 127.0.0.1:8053, the bundled lists). SIGHUP or saving the file
 * reloads it; a config error at start exits 1 with the message naming the key and line.
 */
@Command(name = "run", description = "Start the resolver (default 127.0.0.1:1053 UDP+TCP, admin http://127.0.0.1:8053/).",
        mixinStandardHelpOptions = true, versionProvider = Version.class)
public final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "YAML config file (default: built-in defaults).")
    Path config;

    @Override
    public Integer call() {
        Config c;
        try {
            c = config == null ? ConfigLoader.defaults() : ConfigLoader.load(config);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        Resolver resolver;
        try {
            resolver = Resolver.start(c);
        } catch (UncheckedIOException | IllegalStateException e) {
            LOG.error("camsink {} cannot start: {}", Version.current(), e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            resolver.close();
            LOG.info("camsink stopped");
            stopped.countDown();
        }, "shutdown"));
        HangupSignal.install(resolver::hangup);
        LOG.info("camsink {} listening on udp {} tcp {} (upstreams {}; config {})", Version.current(),
                join(resolver.udpAddresses()), join(resolver.tcpAddresses()),
                c.upstreams().stream().map(Object::toString).collect(Collectors.joining(", ")),
                c.file() == null ? "built-in defaults" : c.file());
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static String join(java.util.List<java.net.InetSocketAddress> addresses) {
        return addresses.stream().map(a -> HostPort.of(a.getAddress(), a.getPort())).collect(Collectors.joining(","));
    }
}

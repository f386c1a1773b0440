package org.camsink.resolver.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.camsink.resolver.config.Config;
import org.camsink.resolver.config.ConfigException;
import org.camsink.resolver.config.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code camsink check-config FILE}: validate without serving. Exit 0 when valid, 1 otherwise. */
@Command(name = "check-config", description = "Validate a YAML config file without serving.", mixinStandardHelpOptions = true)
public final class CheckConfigCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The YAML config file.")
    Path file;

    @Override
    public Integer call() {
        try {
            Config config = ConfigLoader.load(file);
            System.out.println(file + ": OK (" + config.listen().size() + " listen address(es), "
                    + config.upstreams().size() + " upstream(s), " + config.lists().size() + " list(s))");
            return 0;
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 1;
        }
    }
}

package org.camsink.resolver.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code camsink} command line. The {@code ./camsink} launcher passes its arguments here. */
@Command(name = "camsink",
        description = "DNS sinkhole for camera-vendor clouds, with opt-in anonymized telemetry.",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        subcommands = {
            RunCommand.class,
            CheckConfigCommand.class,
            TelemetryCommand.class,
            org.camsink.blocklists.cli.ListsCommand.class,
        })
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code; tests call this instead of {@link #main}. */
    public static int execute(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}

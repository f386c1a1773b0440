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
        if (args.length > 0 && args[0].equals("run")) {
            // The long-running command builds only its own model: start-up does not pay for reflecting over every
            // other subcommand (and the libraries they load) before the resolver can answer.
            return new CommandLine(new RunCommand()).setCommandName("camsink run")
                    .execute(java.util.Arrays.copyOfRange(args, 1, args.length));
        }
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}

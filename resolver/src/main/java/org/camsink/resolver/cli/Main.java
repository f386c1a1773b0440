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
        RunCommand direct = plainRun(args);
        if (direct != null) {
            // The usual launch, `run` with at most a config file, skips picocli altogether: building even one
            // command model loads its help, ANSI and converter classes, a good part of start-up.
            return direct.call();
        }
        if (args.length > 0 && args[0].equals("run")) {
            // The long-running command builds only its own model: start-up does not pay for reflecting over every
            // other subcommand (and the libraries they load) before the resolver can answer.
            return new CommandLine(new RunCommand()).setCommandName("camsink run")
                    .execute(java.util.Arrays.copyOfRange(args, 1, args.length));
        }
        return new CommandLine(new Main()).execute(args);
    }

    /** {@code run}, {@code run -c FILE}, {@code run --config FILE} or {@code run --config=FILE}; else null. */
    static RunCommand plainRun(String... args) {
        if (args.length == 0 || !args[0].equals("run")) {
            return null;
        }
        RunCommand run = new RunCommand();
        if (args.length == 1) {
            return run;
        }
        try {
            return withConfig(run, args);
        } catch (java.nio.file.InvalidPathException e) {
            return null; // picocli reports it
        }
    }

    private static RunCommand withConfig(RunCommand run, String... args) {
        if (args.length == 2 && args[1].startsWith("--config=") && args[1].length() > 9) {
            run.config = java.nio.file.Path.of(args[1].substring(9));
            return run;
        }
        if (args.length == 3 && (args[1].equals("-c") || args[1].equals("--config")) && !args[2].startsWith("-")) {
            run.config = java.nio.file.Path.of(args[2]);
            return run;
        }
        return null;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}

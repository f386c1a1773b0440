package org.camsink.blocklists.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code camsink lists ...}: validate the catalogue and compile it for other resolvers and routers. */
@Command(name = "lists",
        description = "Validate the camera-vendor catalogue and compile it into other tools' formats.",
        mixinStandardHelpOptions = true,
        subcommands = {
            CheckCommand.class,
            ExportCommand.class,
            CountryRangesCommand.class,
            SignCommand.class,
            VerifyCommand.class,
            KeygenCommand.class,
            PromoteCommand.class,
        })
public final class ListsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs {@code lists ARGS} on its own; returns the exit code. */
    public static int execute(String... args) {
        return new CommandLine(new ListsCommand()).execute(args);
    }
}

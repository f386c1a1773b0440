package org.camsink.blocklists.cli;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code --out FILE} option of the commands that produce a text file, and the write that honours it. */
final class OutputOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--out", paramLabel = "FILE", description = "Write here (atomically) instead of stdout.")
    Path file;

    /** Writes {@code text} to the --out file, or to the command's stdout when none is given. */
    void write(String text) throws IOException {
        Output.write(file, text, mixee.commandLine().getOut());
    }
}

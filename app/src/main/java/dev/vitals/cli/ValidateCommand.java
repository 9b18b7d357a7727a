package dev.vitals.cli;

import dev.vitals.config.ConfigException;
import dev.vitals.config.Environment;
import dev.vitals.config.Problem;
import dev.vitals.configfile.ConfigFile;
import dev.vitals.configfile.ConfigFileReader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vitals validate FILE}: exit 0 when the file is valid; otherwise exit 2 and print every
 * problem as {@code FILE:LINE:COL: message}, so that editors and CI logs can link to it.
 */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        versionProvider = VitalsCommand.VersionProvider.class,
        description = "Check a configuration file and print every problem in it.")
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The configuration file to check.")
    Path file;

    @Override
    public Integer call() {
        try {
            ConfigFile config = new ConfigFileReader(Environment.system()).read(file);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "%s: valid, %d monitor%s%n",
                            file, config.monitors().size(), config.monitors().size() == 1 ? "" : "s");
            return 0;
        } catch (ConfigException e) {
            var err = spec.commandLine().getErr();
            for (Problem p : e.problems()) {
                err.println(p);
            }
            err.printf(
                    "%s: %d problem%s%n",
                    file, e.problems().size(), e.problems().size() == 1 ? "" : "s");
            return ExitCodes.INVALID;
        }
    }
}

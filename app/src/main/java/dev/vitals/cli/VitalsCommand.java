package dev.vitals.cli;

import dev.vitals.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code vitals} command; each subcommand is its own class in this package. */
@Command(
        name = "vitals",
        mixinStandardHelpOptions = true,
        versionProvider = VitalsCommand.VersionProvider.class,
        description = "Vitals: monitors, alerts and status for the services an office depends on.",
        subcommands = {
            ServeCommand.class,
            DemoCommand.class,
            CheckCommand.class,
            RunCommand.class,
            ValidateCommand.class,
            UserCommand.class,
            VersionCommand.class
        })
public final class VitalsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static CommandLine commandLine() {
        return new CommandLine(new VitalsCommand());
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"vitals " + Version.current()};
        }
    }
}

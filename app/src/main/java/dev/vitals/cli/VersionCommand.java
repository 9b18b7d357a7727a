package dev.vitals.cli;

import dev.vitals.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vitals version}: prints the version and the Java runtime it runs on. */
@Command(
        name = "version",
        mixinStandardHelpOptions = true,
        versionProvider = VitalsCommand.VersionProvider.class,
        description = "Print the version of Vitals and of the Java runtime.")
final class VersionCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().printf("vitals %s (Java %s)%n", Version.current(), Runtime.version());
    }
}

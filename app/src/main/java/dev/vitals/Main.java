package dev.vitals;

import dev.vitals.cli.VitalsCommand;

/** Entry point of the jar: hands the arguments to the command line and exits with its code. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(VitalsCommand.commandLine().execute(args));
    }
}

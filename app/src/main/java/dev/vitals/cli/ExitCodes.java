package dev.vitals.cli;

/** Exit codes of the command line, documented in docs/cli.md. */
final class ExitCodes {
    static final int OK = 0;
    /** Something went wrong while running (a check could not run, the server could not start). */
    static final int FAILED = 1;
    /** The input was invalid: a configuration with problems, an unknown monitor id, bad flags. */
    static final int INVALID = 2;
    /** {@code vitals check}: the check ran and the result was bad. */
    static final int BAD_RESULT = 3;

    private ExitCodes() {}
}

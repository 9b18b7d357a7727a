package dev.vitals.checks;

/**
 * What a checker concluded: every {@code expect} held and every {@code warn} too ({@link Passed}),
 * the expectations held but a warning did not ({@link Warned}, degraded), or an expectation failed
 * or the target could not be reached ({@link Failed}, down).
 */
public sealed interface Verdict permits Verdict.Passed, Verdict.Warned, Verdict.Failed {
    record Passed() implements Verdict {}

    record Warned(String reason) implements Verdict {}

    record Failed(String reason) implements Verdict {}

    Verdict PASSED = new Passed();
}

/**
 * Checks: one run of a monitor. A {@link dev.vitals.checks.Checker} per kind does the network work
 * and judges the answer against the monitor's {@code expect} (down when it fails) and {@code warn}
 * (degraded when it fails) into a {@link dev.vitals.checks.Probe}; {@link
 * dev.vitals.checks.CheckRunner} turns a probe into a {@link dev.vitals.checks.CheckResult},
 * applying the {@code slow} threshold, so that a success slower than {@code slow} counts as bad.
 * Checkers never throw: every failure becomes a reason a person can read.
 */
package dev.vitals.checks;

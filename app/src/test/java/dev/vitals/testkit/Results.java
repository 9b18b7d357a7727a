package dev.vitals.testkit;

import dev.vitals.checks.CheckResult;
import dev.vitals.checks.Outcome;
import dev.vitals.checks.Phase;
import dev.vitals.checks.Timings;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Check results made up for tests of what happens after a check. */
public final class Results {
    private Results() {}

    public static CheckResult of(String monitor, Instant at, Outcome outcome, long latencyMillis) {
        Timings t = Timings.builder()
                .add(Phase.CONNECT, Duration.ofMillis(latencyMillis / 4))
                .add(Phase.FIRST_BYTE, Duration.ofMillis(latencyMillis / 2))
                .build();
        return new CheckResult(
                monitor,
                at,
                outcome,
                Duration.ofMillis(latencyMillis),
                t,
                outcome == Outcome.UP ? Optional.empty() : Optional.of(outcome.word() + " for a test"),
                Optional.empty(),
                Duration.ofMillis(3));
    }
}

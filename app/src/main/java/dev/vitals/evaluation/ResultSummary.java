package dev.vitals.evaluation;

import dev.vitals.checks.CheckResult;
import dev.vitals.checks.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The part of a result a flip keeps as its cause: enough to answer "why did this change?". */
public record ResultSummary(Instant at, Outcome outcome, Duration latency, Optional<String> reason) {
    public static ResultSummary of(CheckResult r) {
        return new ResultSummary(r.at(), r.outcome(), r.latency(), r.reason());
    }
}

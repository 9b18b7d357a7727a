package dev.vitals.checks;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One result of one check: when it started ({@code at}), how it counts, how long it took and where
 * the time went, why it was bad (in words), and how late it started compared with when it was due.
 * Lateness is measured apart from latency: a late check says the scheduler is behind, a slow check
 * says the service is.
 */
public record CheckResult(
        String monitorId,
        Instant at,
        Outcome outcome,
        Duration latency,
        Timings timings,
        Optional<String> reason,
        Optional<Instant> certificateExpiry,
        Duration lateness) {}

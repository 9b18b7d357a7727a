package dev.vitals.evaluation;

import dev.vitals.checks.CheckResult;
import java.util.Optional;

/**
 * What evaluation hands on: a result (absent for a change without one, such as a pause), the
 * monitor's status after it, and the flip it caused, if any.
 */
public record Evaluated(String monitorId, Optional<CheckResult> result, MonitorStatus status, Optional<Flip> flip) {}

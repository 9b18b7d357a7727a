package dev.vitals.checks;

import dev.vitals.monitors.Target;

/**
 * Checks one kind of target. Implementations finish within the deadline (every blocking call gets
 * the time that is left), are safe to call from many virtual threads at once, and never throw:
 * every failure, including an unexpected one, becomes a {@link Verdict.Failed} with a reason in
 * words.
 */
public interface Checker<T extends Target> {
    Probe check(T target, Deadline deadline);
}

package dev.vitals.checks;

import dev.vitals.monitors.Target;

/**
 * Checks one kind of target. Implementations finish within the deadline (every blocking call gets
 * the time that is left), are safe to call from many virtual threads at once, and never throw:
 * every failure, including an unexpected one, becomes a {@link Verdict.Failed} with a reason in
 * words. Every address a check connects to is first shown to the {@link NetworkGuard}; one it
 * refuses makes the check fail with the guard's reason.
 */
public interface Checker<T extends Target> {
    Probe check(T target, Deadline deadline, NetworkGuard guard);

    /** A check that may reach any address, as the monitors of admins and {@code vitals check} may. */
    default Probe check(T target, Deadline deadline) {
        return check(target, deadline, NetworkGuard.NONE);
    }
}

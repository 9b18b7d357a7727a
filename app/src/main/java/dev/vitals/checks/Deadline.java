package dev.vitals.checks;

import java.time.Duration;

/**
 * The moment a check must be finished by, on the monotonic clock. Each blocking step asks for the
 * time that is left, so that a check with several steps (DNS, connect, TLS, request) still ends on
 * time as a whole.
 */
public final class Deadline {
    private final long startNanos;
    private final long endNanos;
    private final Duration timeout;

    private Deadline(long startNanos, Duration timeout) {
        this.startNanos = startNanos;
        this.timeout = timeout;
        this.endNanos = startNanos + timeout.toNanos();
    }

    public static Deadline in(Duration timeout) {
        return new Deadline(System.nanoTime(), timeout);
    }

    public Duration timeout() {
        return timeout;
    }

    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
    }

    public boolean expired() {
        return System.nanoTime() - endNanos >= 0;
    }

    /** The time left in milliseconds for socket options, at least 1 (0 would mean "forever"). */
    public int remainingMillis() {
        long ms = remaining().toMillis();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, ms));
    }
}

package dev.vitals.push;

import java.time.Instant;
import java.util.Optional;

/**
 * An instant, or none, kept in primitive fields and changed in place. The per-monitor state that
 * every ping updates lives long (in the old generation); had it pointed at a new {@code Instant} or
 * {@code Optional} on each ping, every young collection would have to scan it for that pointer, and
 * at thousands of pings a second that scanning was a large part of each pause (docs/BENCHMARKS.md,
 * "Pings"). Not thread-safe: its owner guards it.
 */
final class Moment {
    private long seconds;
    private int nanos;
    private boolean set;

    void set(Instant i) {
        seconds = i.getEpochSecond();
        nanos = i.getNano();
        set = true;
    }

    void clear() {
        set = false;
    }

    boolean isSet() {
        return set;
    }

    /** The instant, made anew on each call (for reading, not for the ping's path). */
    Optional<Instant> get() {
        return set ? Optional.of(instant()) : Optional.empty();
    }

    /** The instant; only when it is set. */
    Instant instant() {
        if (!set) {
            throw new IllegalStateException("no instant set");
        }
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** Nanoseconds from this (set) moment to {@code later}, saturating; negative when it is earlier. */
    long nanosUntil(Instant later) {
        long s = later.getEpochSecond() - seconds;
        if (s > Long.MAX_VALUE / 1_000_000_000L - 1) {
            return Long.MAX_VALUE;
        }
        if (s < Long.MIN_VALUE / 1_000_000_000L + 1) {
            return Long.MIN_VALUE;
        }
        return s * 1_000_000_000L + (later.getNano() - nanos);
    }

    /** Orders two set moments as their instants. */
    int compareTo(Moment o) {
        int c = Long.compare(seconds, o.seconds);
        return c != 0 ? c : Integer.compare(nanos, o.nanos);
    }

    /** Whether this (set) moment is after {@code i}. */
    boolean isAfter(Instant i) {
        int c = Long.compare(seconds, i.getEpochSecond());
        return c > 0 || (c == 0 && nanos > i.getNano());
    }
}

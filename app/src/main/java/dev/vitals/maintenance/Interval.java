package dev.vitals.maintenance;

import java.time.Duration;
import java.time.Instant;

/** One occurrence of a window: from {@code start} (inclusive) to {@code end} (exclusive). */
public record Interval(Instant start, Instant end) {
    public Interval {
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("an interval ends after it starts: " + start + " .. " + end);
        }
    }

    public boolean contains(Instant t) {
        return !t.isBefore(start) && t.isBefore(end);
    }

    public Duration length() {
        return Duration.between(start, end);
    }
}

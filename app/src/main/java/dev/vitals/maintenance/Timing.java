package dev.vitals.maintenance;

import java.time.Instant;
import java.util.Optional;

/**
 * A window's occurrence at an instant, remembered until it can change: expanding an RRULE or cron
 * expression for every alert at every flush would cost far more than comparing two instants.
 * Between the instant asked about and the end of the current occurrence (or the next start,
 * whichever comes first), the answer stays the same.
 */
final class Timing {
    private record Known(Instant from, Instant until, Optional<Interval> active) {}

    private final MaintenanceWindow window;
    private volatile Optional<Known> known = Optional.empty();

    Timing(MaintenanceWindow window) {
        this.window = window;
    }

    Optional<Interval> activeAt(Instant now) {
        Optional<Known> k = known;
        if (k.isPresent()
                && !now.isBefore(k.get().from())
                && now.isBefore(k.get().until())) {
            return k.get().active();
        }
        Optional<Interval> active = window.activeAt(now);
        Instant until = Instant.MAX;
        if (active.isPresent()) {
            until = active.get().end();
        }
        Optional<Interval> next = window.next(now);
        if (next.isPresent() && next.get().start().isBefore(until)) {
            until = next.get().start();
        }
        known = Optional.of(new Known(now, until, active));
        return active;
    }
}

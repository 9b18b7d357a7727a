package dev.vitals.testkit;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/** A clock tests move by hand; time-based logic is tested with it, never with sleeps. */
public final class SettableClock implements InstantSource {
    private final AtomicReference<Instant> now;

    public SettableClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    public static SettableClock at(String iso) {
        return new SettableClock(Instant.parse(iso));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    public void set(Instant t) {
        now.set(t);
    }

    public Instant advance(Duration d) {
        return now.updateAndGet(t -> t.plus(d));
    }
}

package dev.vitals.checks;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * How long each {@link Phase} of a check took. A phase that did not happen (no TLS on plain HTTP, no
 * DNS for an IP address literal) is absent, not zero. When a check makes several requests (an HTTP
 * redirect), each phase is the sum over all of them, so that the phases add up to about the total.
 */
public final class Timings {
    public static final Timings NONE = new Timings(new EnumMap<>(Phase.class));

    private final Map<Phase, Duration> phases;

    private Timings(EnumMap<Phase, Duration> phases) {
        this.phases = Collections.unmodifiableMap(phases);
    }

    public Optional<Duration> get(Phase phase) {
        return Optional.ofNullable(phases.get(phase));
    }

    public Map<Phase, Duration> asMap() {
        return phases;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Timings t && t.phases.equals(phases);
    }

    @Override
    public int hashCode() {
        return phases.hashCode();
    }

    @Override
    public String toString() {
        return phases.toString();
    }

    /** Collects phase durations while a check runs. Not thread-safe; one per check. */
    public static final class Builder {
        private final EnumMap<Phase, Duration> phases = new EnumMap<>(Phase.class);
        private final EnumMap<Phase, Long> started = new EnumMap<>(Phase.class);

        /** Marks the start of a phase, from {@link System#nanoTime()}. */
        public Builder start(Phase phase) {
            started.put(phase, System.nanoTime());
            return this;
        }

        /** Marks the end of a phase started with {@link #start}; adds to any earlier duration of it. */
        public Builder end(Phase phase) {
            Long s = started.remove(phase);
            if (s != null) {
                add(phase, Duration.ofNanos(System.nanoTime() - s));
            }
            return this;
        }

        public Builder add(Phase phase, Duration d) {
            phases.merge(phase, d, Duration::plus);
            return this;
        }

        public Timings build() {
            return phases.isEmpty() ? NONE : new Timings(new EnumMap<>(phases));
        }
    }
}

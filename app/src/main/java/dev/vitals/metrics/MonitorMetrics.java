package dev.vitals.metrics;

import dev.vitals.checks.CheckResult;
import dev.vitals.checks.Outcome;
import dev.vitals.checks.Phase;
import dev.vitals.evaluation.Evaluated;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Per-monitor series: check durations, the phases of the last check, results by outcome, certificate expiry. */
public final class MonitorMetrics {
    /** Check durations: a fast LAN service answers in a millisecond, a slow SaaS in seconds. */
    static final double[] BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    static final class Series {
        final Histogram duration = new Histogram(BOUNDS);
        final Map<Outcome, LongAdder> outcomes = new EnumMap<>(Outcome.class);
        volatile Map<Phase, Duration> phases = Map.of();
        volatile Optional<Instant> certificateExpiry = Optional.empty();

        Series() {
            for (Outcome o : Outcome.values()) {
                outcomes.put(o, new LongAdder());
            }
        }
    }

    private final Map<String, Series> series = new ConcurrentHashMap<>();

    public void accept(Evaluated e) {
        e.result().ifPresent(this::record);
    }

    void record(CheckResult r) {
        Series s = series.computeIfAbsent(r.monitorId(), id -> new Series());
        s.duration.observe(r.latency());
        s.outcomes.get(r.outcome()).increment();
        s.phases = r.timings().asMap();
        if (r.certificateExpiry().isPresent()) {
            s.certificateExpiry = r.certificateExpiry();
        }
    }

    public void forget(String monitorId) {
        series.remove(monitorId);
    }

    Optional<Series> get(String monitorId) {
        return Optional.ofNullable(series.get(monitorId));
    }
}

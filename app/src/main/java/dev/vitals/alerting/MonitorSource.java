package dev.vitals.alerting;

import dev.vitals.evaluation.Flip;
import dev.vitals.evaluation.MonitorStatus;
import dev.vitals.evaluation.State;
import dev.vitals.monitors.AlertOn;
import dev.vitals.monitors.Monitor;
import java.net.URI;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Monitors as a source of alerts: a flip to down (or to degraded, for a monitor with {@code alert_on:
 * degraded}) fires the monitor's alert, a flip to up or paused (or degraded, otherwise) resolves it;
 * unknown, when Vitals could not check, changes nothing. The alert's labels are
 * the monitor's, with {@code monitor} (its id) and {@code alertname} ({@code monitor_down}); its key
 * is the monitor's id alone, so that editing labels does not make a second alert.
 *
 * <p>{@link #reconcile} compares the alerts with the monitors' states and mends any difference: a
 * flip whose alert was not written (a crash, the database away) is made good at the next start or
 * within a minute.
 */
public final class MonitorSource {
    static final String SOURCE = "monitor";

    private final Ingest ingest;
    private final AlertStore store;
    private final Function<String, Optional<Monitor>> monitors;
    private final Supplier<List<Monitor>> all;
    private final Function<String, Optional<MonitorStatus>> statuses;
    private final Supplier<URI> console;
    private final InstantSource clock;
    private final Runnable changed;

    MonitorSource(
            Ingest ingest,
            AlertStore store,
            Function<String, Optional<Monitor>> monitors,
            Supplier<List<Monitor>> all,
            Function<String, Optional<MonitorStatus>> statuses,
            Supplier<URI> console,
            InstantSource clock,
            Runnable changed) {
        this.ingest = ingest;
        this.store = store;
        this.monitors = monitors;
        this.all = all;
        this.statuses = statuses;
        this.console = console;
        this.clock = clock;
        this.changed = changed;
    }

    /** The labels of {@code m}'s alert: its own, with {@code monitor} and {@code alertname}. */
    static Map<String, String> labels(Monitor m, String word) {
        Map<String, String> labels = new LinkedHashMap<>(m.labels());
        labels.put("monitor", m.id());
        labels.put("alertname", "monitor_" + word);
        return labels;
    }

    public static AlertKey key(String monitorId) {
        return AlertKey.of(SOURCE, Map.of("monitor", monitorId));
    }

    void flip(Flip f) {
        Optional<Monitor> m = monitors.apply(f.monitorId());
        if (m.isPresent() && fires(m.get(), f.to())) {
            ingest.fire(alert(m.get(), f.to(), f.at(), f.reason()));
            changed.run();
        } else if (m.isEmpty() || resolves(m.get(), f.to())) {
            if (ingest.resolve(key(f.monitorId()), f.at())) {
                changed.run();
            }
        }
    }

    /** Whether {@code state} fires {@code m}'s alert. */
    static boolean fires(Monitor m, State state) {
        return state == State.DOWN || (state == State.DEGRADED && m.alertOn() == AlertOn.DEGRADED);
    }

    /** Whether {@code state} resolves {@code m}'s alert (unknown and pending change nothing). */
    static boolean resolves(Monitor m, State state) {
        return state == State.UP || state == State.PAUSED || (state == State.DEGRADED && !fires(m, state));
    }

    /** Mends the difference between monitors' states and their alerts; returns how many were mended. */
    public int reconcile() {
        int mended = 0;
        Set<String> firing = new HashSet<>();
        for (AlertRow a : store.firingOfMonitors()) {
            String id = a.monitorId().orElseThrow();
            Optional<Monitor> m = monitors.apply(id);
            Optional<MonitorStatus> s = statuses.apply(id);
            boolean stillDown =
                    m.isPresent() && s.map(st -> !resolves(m.get(), st.state())).orElse(true);
            if (stillDown) {
                firing.add(id);
            } else {
                Instant at = s.filter(st -> m.isPresent() && resolves(m.get(), st.state()))
                        .map(MonitorStatus::since)
                        .orElse(clock.instant());
                if (ingest.resolve(a.key(), at.isBefore(a.startsAt()) ? a.startsAt() : at)) {
                    mended++;
                }
            }
        }
        for (Monitor m : all.get()) {
            Optional<MonitorStatus> s = statuses.apply(m.id());
            if (s.isPresent() && fires(m, s.get().state()) && !firing.contains(m.id())) {
                ingest.fire(alert(
                        m, s.get().state(), s.get().since(), s.get().reason().orElse("down")));
                mended++;
            }
        }
        if (mended > 0) {
            changed.run();
        }
        return mended;
    }

    private NewAlert alert(Monitor m, State state, Instant at, String reason) {
        String word = state == State.DEGRADED ? "degraded" : "down";
        Map<String, String> labels = labels(m, word);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", m.name() + " is " + word);
        annotations.put("description", reason);
        m.description().ifPresent(d -> annotations.put("monitor_description", d));
        return new NewAlert(
                key(m.id()),
                SOURCE,
                Optional.of(m.id()),
                labels,
                annotations,
                at,
                Optional.empty(),
                Optional.of(console.get().resolve("/monitors/" + m.id()).toString()));
    }
}

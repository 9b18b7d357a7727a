package dev.vitals.alerting;

import dev.vitals.checks.Outcome;
import dev.vitals.evaluation.MonitorStatus;
import dev.vitals.evaluation.ResultSummary;
import dev.vitals.evaluation.State;
import dev.vitals.monitors.Monitor;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * The dependencies stage: a monitor's alert is muted while a monitor it depends on is down ("caused by
 * switch-3"); the root pages alone.
 *
 * <p>A failed switch and the monitors behind it fail together, but their checks run at different
 * moments: a dependant is often confirmed down before its parent is even checked. So a dependant's
 * alert also waits while a parent that is not down has not been checked since the dependant's trouble
 * began, or is failing but not yet confirmed down; at most as many of the parent's checks as its
 * confirmation needs: long enough to learn whether the parent is down, never longer.
 */
public final class CausedBy implements MuteStage {
    private static final Duration RECHECK_WAITING = Duration.ofSeconds(1);

    private final Function<String, Optional<Monitor>> monitors;
    private final Function<String, Optional<MonitorStatus>> statuses;
    private final RootCause roots;

    public CausedBy(Function<String, Optional<Monitor>> monitors, Function<String, Optional<MonitorStatus>> statuses) {
        this.monitors = monitors;
        this.statuses = statuses;
        this.roots = new RootCause(
                monitors, id -> statuses.apply(id).map(MonitorStatus::state).orElse(State.UNKNOWN));
    }

    @Override
    public Optional<Mute> check(AlertRow alert, Instant now) {
        if (alert.monitorId().isEmpty()) {
            return Optional.empty();
        }
        String id = alert.monitorId().get();
        Optional<String> root = roots.of(id);
        if (root.isPresent()) {
            return Optional.of(new Mute("dependencies", "caused by " + root.get() + " (down)", Optional.empty()));
        }
        for (String parent : monitors.apply(id).map(Monitor::dependsOn).orElse(java.util.List.of())) {
            Optional<Monitor> p = monitors.apply(parent);
            if (p.isEmpty() || p.get().paused()) {
                continue;
            }
            Optional<MonitorStatus> ps = statuses.apply(parent);
            Optional<ResultSummary> last = ps.flatMap(MonitorStatus::last);
            boolean unchecked = last.map(r -> r.at().isBefore(alert.startsAt())).orElse(true);
            // Failing but not yet confirmed down: it may be the cause, confirmation will tell.
            boolean confirming = last.map(r -> r.outcome() == Outcome.DOWN).orElse(false)
                    && ps.map(s -> s.state() != State.DOWN).orElse(true);
            Duration oneCheck = p.get().interval().plus(p.get().timeout());
            Instant giveUp = alert.startsAt()
                    .plus(oneCheck.multipliedBy(p.get().confirm().failAfter()));
            if ((unchecked || confirming) && now.isBefore(giveUp)) {
                return Optional.of(new Mute(
                        "dependencies",
                        "waiting to learn whether " + parent + " is down (it may be the cause)",
                        Optional.of(now.plus(RECHECK_WAITING))));
            }
        }
        return Optional.empty();
    }
}

package dev.vitals.evaluation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a monitor stands: its state since when and why, and its most recent results (as many as
 * confirmation needs), newest last.
 */
public record MonitorStatus(State state, Instant since, Optional<String> reason, List<ResultSummary> recent) {
    public MonitorStatus {
        recent = List.copyOf(recent);
    }

    public static MonitorStatus pending(Instant since) {
        return new MonitorStatus(State.PENDING, since, Optional.empty(), List.of());
    }

    public Optional<ResultSummary> last() {
        return recent.isEmpty() ? Optional.empty() : Optional.of(recent.get(recent.size() - 1));
    }

    MonitorStatus withResult(ResultSummary r, int keep) {
        List<ResultSummary> next = new ArrayList<>(recent);
        next.add(r);
        while (next.size() > keep) {
            next.remove(0);
        }
        return new MonitorStatus(state, since, reason, next);
    }

    MonitorStatus becoming(State s, Instant at, Optional<String> why) {
        return new MonitorStatus(s, at, why, recent);
    }
}

package dev.vitals.evaluation;

import java.time.Instant;
import java.util.List;

/**
 * A change of a monitor's state, with the results that caused it. {@code at} is when the new state
 * began: the first result of the run that confirmed it, not the moment confirmation completed, so
 * that "down since" is when the trouble started.
 */
public record Flip(String monitorId, Instant at, State from, State to, String reason, List<ResultSummary> causes) {
    public Flip {
        causes = List.copyOf(causes);
    }
}

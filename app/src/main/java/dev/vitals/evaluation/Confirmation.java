package dev.vitals.evaluation;

import dev.vitals.checks.Outcome;
import dev.vitals.monitors.Confirm;
import java.util.List;
import java.util.Optional;

/**
 * The rule that keeps one blip from paging anybody: a monitor moves to a worse state only after
 * {@code failAfter} results in a row that are all worse than its state, and to a better one only
 * after {@code recoverAfter} results in a row that are all better. It then moves to the mildest
 * state those results agree on: from up, [degraded, down] confirms degraded, not down.
 *
 * <p>Pending and unknown monitors make no claim to protect, but the same counts apply, so that the
 * first state of a monitor is as well confirmed as any later one. Results of Vitals itself failing
 * (outcome unknown) make the monitor unknown after {@code failAfter} of them in a row.
 */
public final class Confirmation {
    private Confirmation() {}

    /** The outcome of adding one result: the new status and, if the state changed, the flip. */
    public record Step(MonitorStatus status, Optional<Flip> flip) {}

    public static Step apply(String monitorId, MonitorStatus current, ResultSummary result, Confirm confirm) {
        int keep = Math.max(confirm.failAfter(), confirm.recoverAfter());
        MonitorStatus status = current.withResult(result, keep);
        Optional<Decision> decision = decide(status.state(), status.recent(), confirm);
        if (decision.isEmpty() || decision.get().to() == status.state()) {
            return new Step(status, Optional.empty());
        }
        State to = decision.get().to();
        List<ResultSummary> causes = tail(status.recent(), decision.get().confirmedBy());
        ResultSummary first = causes.get(0);
        String reason = reason(to, causes);
        Flip flip = new Flip(monitorId, first.at(), status.state(), to, reason, causes);
        return new Step(status.becoming(to, first.at(), Optional.of(reason)), Optional.of(flip));
    }

    /** The state the recent results confirm, and how many results confirmed it. */
    private record Decision(State to, int confirmedBy) {}

    private static Optional<Decision> decide(State current, List<ResultSummary> recent, Confirm confirm) {
        Outcome newest = recent.get(recent.size() - 1).outcome();
        int fail = confirm.failAfter();
        int recover = confirm.recoverAfter();
        if (newest == Outcome.UNKNOWN) {
            return allOf(recent, fail, o -> o == Outcome.UNKNOWN)
                    ? Optional.of(new Decision(State.UNKNOWN, fail))
                    : Optional.empty();
        }
        int sev = severity(newest);
        if (!current.isJudged()) {
            if (sev == 0) {
                return allOf(recent, recover, o -> o == Outcome.UP)
                        ? Optional.of(new Decision(State.UP, recover))
                        : Optional.empty();
            }
            return allOf(recent, fail, Outcome::isBad)
                    ? Optional.of(new Decision(mildest(tail(recent, fail)), fail))
                    : Optional.empty();
        }
        int cur = current.severity();
        if (sev > cur) {
            return allOf(recent, fail, o -> o != Outcome.UNKNOWN && severity(o) > cur)
                    ? Optional.of(new Decision(mildest(tail(recent, fail)), fail))
                    : Optional.empty();
        }
        if (sev < cur) {
            return allOf(recent, recover, o -> o != Outcome.UNKNOWN && severity(o) < cur)
                    ? Optional.of(new Decision(worst(tail(recent, recover)), recover))
                    : Optional.empty();
        }
        return Optional.empty();
    }

    static int severity(Outcome o) {
        return switch (o) {
            case UP -> 0;
            case SLOW, DEGRADED -> 1;
            case DOWN -> 2;
            case UNKNOWN -> -1;
        };
    }

    private static State mildest(List<ResultSummary> rs) {
        return State.ofSeverity(
                rs.stream().mapToInt(r -> severity(r.outcome())).min().orElse(2));
    }

    private static State worst(List<ResultSummary> rs) {
        return State.ofSeverity(
                rs.stream().mapToInt(r -> severity(r.outcome())).max().orElse(0));
    }

    private static boolean allOf(List<ResultSummary> recent, int n, java.util.function.Predicate<Outcome> p) {
        return recent.size() >= n && tail(recent, n).stream().allMatch(r -> p.test(r.outcome()));
    }

    private static List<ResultSummary> tail(List<ResultSummary> recent, int n) {
        return recent.subList(Math.max(0, recent.size() - n), recent.size());
    }

    private static String reason(State to, List<ResultSummary> causes) {
        ResultSummary newest = causes.get(causes.size() - 1);
        String count = causes.size() == 1 ? "1 check" : causes.size() + " checks in a row";
        return switch (to) {
            case UP -> "answering well again (" + count + ")";
            case UNKNOWN ->
                "Vitals could not check (" + count + ")"
                        + newest.reason().map(r -> ": " + r).orElse("");
            default -> newest.reason().orElse(to.word()) + " (" + count + ")";
        };
    }
}

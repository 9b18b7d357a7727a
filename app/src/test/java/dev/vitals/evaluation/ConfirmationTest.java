package dev.vitals.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.checks.Outcome;
import dev.vitals.monitors.Confirm;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfirmationTest {
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private final List<Flip> flips = new ArrayList<>();
    private MonitorStatus status = MonitorStatus.pending(T0);
    private int n;

    private State feed(Confirm confirm, Outcome... outcomes) {
        for (Outcome o : outcomes) {
            Instant at = T0.plusSeconds(30L * n++);
            var step = Confirmation.apply(
                    "web",
                    status,
                    new ResultSummary(at, o, Duration.ofMillis(5), Optional.of(o.word() + " at " + n)),
                    confirm);
            status = step.status();
            step.flip().ifPresent(flips::add);
        }
        return status.state();
    }

    @Test
    void aPendingMonitorNeedsRecoverAfterGoodResultsToBeUp() {
        assertThat(feed(new Confirm(2, 2), Outcome.UP)).isEqualTo(State.PENDING);
        assertThat(feed(new Confirm(2, 2), Outcome.UP)).isEqualTo(State.UP);
        assertThat(flips).singleElement().satisfies(f -> {
            assertThat(f.from()).isEqualTo(State.PENDING);
            assertThat(f.at()).isEqualTo(T0);
            assertThat(f.causes()).hasSize(2);
        });
    }

    @Test
    void oneBadResultDoesNotFlipAMonitorThatNeedsTwo() {
        Confirm c = new Confirm(2, 2);
        feed(c, Outcome.UP, Outcome.UP, Outcome.DOWN, Outcome.UP, Outcome.DOWN);
        assertThat(status.state()).isEqualTo(State.UP);
        assertThat(flips).hasSize(1);
    }

    @Test
    void downIsConfirmedAtTheFirstBadResultOfTheRun() {
        Confirm c = new Confirm(3, 1);
        feed(c, Outcome.UP, Outcome.DOWN, Outcome.DOWN, Outcome.DOWN);
        assertThat(status.state()).isEqualTo(State.DOWN);
        Flip down = flips.get(flips.size() - 1);
        assertThat(down.at()).isEqualTo(T0.plusSeconds(30));
        assertThat(down.causes()).extracting(ResultSummary::outcome).containsOnly(Outcome.DOWN);
        assertThat(down.reason()).isEqualTo("down at 4 (3 checks in a row)");
        assertThat(status.since()).isEqualTo(down.at());
    }

    @Test
    void aMixOfSlowAndDownFromUpConfirmsTheMildestState() {
        feed(new Confirm(2, 1), Outcome.UP, Outcome.SLOW, Outcome.DOWN);
        assertThat(status.state()).isEqualTo(State.DEGRADED);
        feed(new Confirm(2, 1), Outcome.DOWN);
        assertThat(status.state()).isEqualTo(State.DOWN);
    }

    @Test
    void recoveringFromDownThroughSlowGoesToDegradedFirst() {
        Confirm c = new Confirm(1, 2);
        feed(c, Outcome.DOWN, Outcome.UP, Outcome.SLOW);
        assertThat(status.state()).isEqualTo(State.DEGRADED);
        feed(c, Outcome.UP, Outcome.UP);
        assertThat(status.state()).isEqualTo(State.UP);
        assertThat(flips).extracting(Flip::to).containsExactly(State.DOWN, State.DEGRADED, State.UP);
    }

    @Test
    void unknownResultsInterruptAConfirmation() {
        Confirm c = new Confirm(2, 2);
        feed(c, Outcome.UP, Outcome.UP, Outcome.DOWN, Outcome.UNKNOWN, Outcome.DOWN);
        assertThat(status.state()).isEqualTo(State.UP);
        feed(c, Outcome.UNKNOWN, Outcome.UNKNOWN);
        assertThat(status.state()).isEqualTo(State.UNKNOWN);
    }

    @Test
    void slowSuccessesMakeAnUpMonitorDegraded() {
        feed(new Confirm(2, 2), Outcome.UP, Outcome.UP, Outcome.SLOW, Outcome.SLOW);
        assertThat(status.state()).isEqualTo(State.DEGRADED);
        assertThat(flips.get(1).reason()).isEqualTo("slow at 4 (2 checks in a row)");
    }

    @Test
    void confirmationOfOneFlipsAtOnce() {
        Confirm c = new Confirm(1, 1);
        assertThat(feed(c, Outcome.DOWN)).isEqualTo(State.DOWN);
        assertThat(feed(c, Outcome.UP)).isEqualTo(State.UP);
        assertThat(flips).hasSize(2);
    }
}

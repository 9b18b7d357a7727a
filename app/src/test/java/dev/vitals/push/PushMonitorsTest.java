package dev.vitals.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.checks.CheckResult;
import dev.vitals.checks.Outcome;
import dev.vitals.monitors.Monitor;
import dev.vitals.monitors.PushTarget;
import dev.vitals.testkit.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The push engine with a settable clock: pings and deadlines in, results out. */
class PushMonitorsTest {
    static final UUID KEY = UUID.fromString("4f8a2c1e-7d3b-4e9a-b6c5-0a1b2c3d4e5f");

    SettableClock clock = SettableClock.at("2026-11-26T00:00:00Z");
    List<CheckResult> results = new ArrayList<>();
    PushMonitors push = new PushMonitors(clock, (m, r) -> results.add(r));

    /** The nightly backup: 01:30 Berlin (00:30 UTC in winter), grace 30m, 1m to 2h, slow 90m. */
    static Monitor backup() {
        return monitor(
                new PushTarget(
                        Optional.empty(),
                        Optional.of("30 1 * * *"),
                        Optional.empty(),
                        java.time.ZoneId.of("Europe/Berlin"),
                        Duration.ofMinutes(30),
                        Optional.of(Duration.ofHours(2)),
                        Optional.of(Duration.ofMinutes(1))),
                Duration.ofMinutes(90));
    }

    static Monitor monitor(PushTarget t, Duration slow) {
        return new Monitor(
                "nightly-backup",
                "Nightly backup",
                Optional.empty(),
                t,
                Monitor.DEFAULT_INTERVAL,
                Monitor.DEFAULT_TIMEOUT,
                slow,
                new dev.vitals.monitors.Confirm(1, 1),
                Map.of(),
                false,
                new dev.vitals.monitors.Origin.Api(false));
    }

    Ping ping(Ping.Kind kind, Optional<String> rid, Optional<Integer> exit) {
        return new Ping("nightly-backup", clock.instant(), kind, exit, rid, "", false, "127.0.0.1");
    }

    CheckResult last() {
        return results.getLast();
    }

    @BeforeEach
    void put() {
        push.put(backup(), KEY);
    }

    @Test
    void pendingUntilTheFirstPingAndNothingIsDueBeforeIt() {
        assertThat(push.status("nightly-backup").orElseThrow().state()).isEqualTo(PushMonitors.RunState.PENDING);
        clock.advance(Duration.ofDays(3));
        push.runDue();
        assertThat(results).isEmpty();
        assertThat(push.monitorOf(KEY)).contains("nightly-backup");
    }

    @Test
    void aRunIsMeasuredFromItsStartAndTheNextOneIsDueByTheCronInItsZone() {
        clock.set(Instant.parse("2026-11-26T00:30:00Z"));
        push.apply(ping(Ping.Kind.START, Optional.empty(), Optional.empty()));
        assertThat(push.status("nightly-backup").orElseThrow().state()).isEqualTo(PushMonitors.RunState.RUNNING);
        clock.advance(Duration.ofMinutes(40));
        push.apply(ping(Ping.Kind.SUCCESS, Optional.empty(), Optional.of(0)));
        assertThat(last().outcome()).isEqualTo(Outcome.UP);
        assertThat(last().latency()).isEqualTo(Duration.ofMinutes(40));
        // 01:30 Berlin tomorrow is 00:30 UTC.
        assertThat(push.status("nightly-backup").orElseThrow().nextDue())
                .contains(Instant.parse("2026-11-27T00:30:00Z"));
    }

    @Test
    void silenceIsLateAtTheDueTimeAndDownOnceGraceIsPast() {
        clock.set(Instant.parse("2026-11-26T00:31:00Z"));
        push.apply(ping(Ping.Kind.SUCCESS, Optional.empty(), Optional.empty()));
        results.clear();
        clock.set(Instant.parse("2026-11-27T00:29:59Z"));
        push.runDue();
        assertThat(results).isEmpty();
        clock.set(Instant.parse("2026-11-27T00:30:00Z"));
        push.runDue();
        assertThat(last().outcome()).isEqualTo(Outcome.DEGRADED);
        assertThat(last().reason().orElseThrow()).startsWith("late: no ping since 2026-11-26T00:31:00Z");
        assertThat(push.status("nightly-backup").orElseThrow().state()).isEqualTo(PushMonitors.RunState.LATE);
        clock.set(Instant.parse("2026-11-27T00:59:59Z"));
        push.runDue();
        assertThat(results).hasSize(1);
        clock.set(Instant.parse("2026-11-27T01:00:00Z"));
        push.runDue();
        assertThat(last().outcome()).isEqualTo(Outcome.DOWN);
        assertThat(last().reason().orElseThrow()).contains("expected by 2026-11-27T00:30:00Z (grace 30 min)");
        // A ping recovers it, and the next night is due again.
        clock.set(Instant.parse("2026-11-27T02:00:00Z"));
        push.apply(ping(Ping.Kind.SUCCESS, Optional.empty(), Optional.empty()));
        assertThat(last().outcome()).isEqualTo(Outcome.UP);
        assertThat(push.status("nightly-backup").orElseThrow().state()).isEqualTo(PushMonitors.RunState.REPORTED);
    }

    @Test
    void aDeadlineHandledOneAndAHalfSecondsAfterItWasDueRecordsALagOfOneAndAHalfSeconds() {
        clock.set(Instant.parse("2026-11-26T00:31:00Z"));
        push.apply(ping(Ping.Kind.SUCCESS, Optional.empty(), Optional.empty()));
        assertThat(push.deadlineLag().count()).isZero();
        // Due at 00:30 the next night; the watcher gets to it 1.5 s later.
        clock.set(Instant.parse("2026-11-27T00:30:01.500Z"));
        push.runDue();
        assertThat(last().outcome()).isEqualTo(Outcome.DEGRADED);
        assertThat(push.deadlineLag().count()).isEqualTo(1);
        assertThat(push.deadlineLag().maxSeconds()).isEqualTo(1.5);
        // In the bucket up to 2.5 s, the largest value seen.
        assertThat(push.deadlineLag().quantileUpperBound(1.0)).isEqualTo(1.5);
        dev.vitals.metrics.PrometheusText out = new dev.vitals.metrics.PrometheusText();
        push.deadlineLag().write(out, "vitals_push_deadline_lag_seconds", "");
        assertThat(out.toString())
                .contains("vitals_push_deadline_lag_seconds_bucket{le=\"1\"} 0")
                .contains("vitals_push_deadline_lag_seconds_bucket{le=\"2.5\"} 1")
                .contains("vitals_push_deadline_lag_seconds_sum 1.5");
    }

    @Test
    void aRunThatDoesNotEndWithinMaxDurationIsDownAndItsStartKeepsItFromBeingLate() {
        clock.set(Instant.parse("2026-11-26T00:31:00Z"));
        push.apply(ping(Ping.Kind.SUCCESS, Optional.empty(), Optional.empty()));
        clock.set(Instant.parse("2026-11-27T00:30:00Z"));
        push.apply(ping(Ping.Kind.START, Optional.empty(), Optional.empty()));
        results.clear();
        clock.set(Instant.parse("2026-11-27T02:29:59Z"));
        push.runDue();
        assertThat(results).as("running, so neither late nor down").isEmpty();
        clock.set(Instant.parse("2026-11-27T02:30:00Z"));
        push.runDue();
        assertThat(last().outcome()).isEqualTo(Outcome.DOWN);
        assertThat(last().reason().orElseThrow()).startsWith("running too long").contains("max_duration 2 h");
    }

    @Test
    void failuresExitStatusesAndRunsTooFastOrTooSlowAreJudged() {
        push.apply(ping(Ping.Kind.FAIL, Optional.empty(), Optional.of(3)));
        assertThat(last().outcome()).isEqualTo(Outcome.DOWN);
        assertThat(last().reason().orElseThrow()).contains("exit status 3");

        push.apply(ping(Ping.Kind.START, Optional.empty(), Optional.empty()));
        clock.advance(Duration.ofSeconds(12));
        push.apply(ping(Ping.Kind.SUCCESS, Optional.empty(), Optional.empty()));
        assertThat(last().outcome()).isEqualTo(Outcome.DEGRADED);
        assertThat(last().reason().orElseThrow()).contains("faster than min_duration 1 min");

        push.apply(ping(Ping.Kind.START, Optional.empty(), Optional.empty()));
        clock.advance(Duration.ofMinutes(95));
        push.apply(ping(Ping.Kind.SUCCESS, Optional.empty(), Optional.empty()));
        assertThat(last().outcome()).isEqualTo(Outcome.SLOW);

        int before = results.size();
        push.apply(ping(Ping.Kind.LOG, Optional.empty(), Optional.empty()));
        assertThat(results).hasSize(before);
    }

    @Test
    void runIdsPairOverlappingRuns() {
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        push.apply(ping(Ping.Kind.START, Optional.of(a), Optional.empty()));
        clock.advance(Duration.ofMinutes(5));
        push.apply(ping(Ping.Kind.START, Optional.of(b), Optional.empty()));
        clock.advance(Duration.ofMinutes(3));
        push.apply(ping(Ping.Kind.SUCCESS, Optional.of(a), Optional.empty()));
        assertThat(last().latency()).isEqualTo(Duration.ofMinutes(8));
        assertThat(push.status("nightly-backup").orElseThrow().state()).isEqualTo(PushMonitors.RunState.RUNNING);
        clock.advance(Duration.ofMinutes(10));
        push.apply(ping(Ping.Kind.SUCCESS, Optional.of(b), Optional.empty()));
        assertThat(last().latency()).isEqualTo(Duration.ofMinutes(13));
        assertThat(push.status("nightly-backup").orElseThrow().state()).isEqualTo(PushMonitors.RunState.REPORTED);
    }

    @Test
    void afterARestartAStoredEndNotYetJudgedIsJudgedAndAMissedDueTimeFiresAtOnce() {
        Ping end = new Ping(
                "nightly-backup",
                Instant.parse("2026-11-20T00:31:00Z"),
                Ping.Kind.SUCCESS,
                Optional.empty(),
                Optional.empty(),
                "",
                false,
                "127.0.0.1");
        PushMonitors restarted = new PushMonitors(clock, (m, r) -> results.add(r));
        restarted.put(backup(), KEY);
        restarted.restore(
                Map.of("nightly-backup", List.of(end)),
                (id, endedAt) -> endedAt.isAfter(Instant.parse("2026-11-19T00:00:00Z")));
        // Judged again as of now, saying when the run ended.
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.UP);
            assertThat(r.at()).isEqualTo(clock.instant());
            assertThat(r.reason().orElseThrow()).contains("last run ended 2026-11-20T00:31:00Z");
        });
        // Due on the 21st at 00:30 UTC, long past: late now, and down when grace is over.
        restarted.runDue();
        assertThat(last().outcome()).isEqualTo(Outcome.DEGRADED);
        restarted.runDue();
        assertThat(last().outcome()).isEqualTo(Outcome.DOWN);
    }

    @Test
    void aHundredThousandMonitorsEachHaveOneDeadlineAndOnlyTheDueOnesAreTaken() {
        PushMonitors many = new PushMonitors(clock, (m, r) -> results.add(r));
        PushTarget everyHour = new PushTarget(
                Optional.empty(),
                Optional.empty(),
                Optional.of(Duration.ofHours(1)),
                java.time.ZoneId.of("UTC"),
                Duration.ofMinutes(5),
                Optional.empty(),
                Optional.empty());
        for (int i = 0; i < 100_000; i++) {
            Monitor m = new Monitor(
                    "job-" + i,
                    "job " + i,
                    Optional.empty(),
                    everyHour,
                    Monitor.DEFAULT_INTERVAL,
                    Monitor.DEFAULT_TIMEOUT,
                    PushTarget.NEVER_SLOW,
                    new dev.vitals.monitors.Confirm(1, 1),
                    Map.of(),
                    false,
                    new dev.vitals.monitors.Origin.Api(false));
            many.put(m, UUID.randomUUID());
            many.apply(new Ping(
                    m.id(),
                    clock.instant().plusSeconds(i % 600),
                    Ping.Kind.SUCCESS,
                    Optional.empty(),
                    Optional.empty(),
                    "",
                    false,
                    "x"));
        }
        assertThat(many.deadlinesSet()).isEqualTo(100_000);
        results.clear();
        // One hour after the first 60 pings' seconds: those 6,000 (i % 600 < 60) are late, no other.
        clock.set(clock.instant().plus(Duration.ofHours(1)).plusSeconds(59));
        many.runDue();
        long expected = java.util.stream.IntStream.range(0, 100_000)
                .filter(i -> i % 600 < 60)
                .count();
        assertThat(results).hasSize((int) expected);
        assertThat(results).allMatch(r -> r.outcome() == Outcome.DEGRADED);
    }
}

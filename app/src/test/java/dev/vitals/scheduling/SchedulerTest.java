package dev.vitals.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.checks.CheckResult;
import dev.vitals.checks.CheckRunner;
import dev.vitals.checks.Checker;
import dev.vitals.checks.Checkers;
import dev.vitals.checks.Probe;
import dev.vitals.checks.Timings;
import dev.vitals.config.Environment;
import dev.vitals.configfile.ConfigFileReader;
import dev.vitals.monitors.Monitor;
import dev.vitals.testkit.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class SchedulerTest {
    private final SettableClock clock = SettableClock.at("2026-11-24T10:00:00Z");
    private final List<CheckResult> results = new ArrayList<>();
    private final List<Runnable> parked = new ArrayList<>();

    private Scheduler scheduler(Executor executor) {
        Checker<dev.vitals.monitors.TcpTarget> tcp = (t, d, g) -> Probe.passed(Duration.ofMillis(2), Timings.NONE);
        CheckRunner runner = new CheckRunner(clock, new Checkers(null, tcp, null, null, null, null));
        return new Scheduler(
                clock, new Scheduler.Settings(4, Duration.ofSeconds(30)), runner, (m, r) -> results.add(r), executor);
    }

    private static Monitor tcp(String id, String interval) {
        String yaml =
                "monitors:\n  - { id: " + id + ", kind: tcp, host: 127.0.0.1, port: 1, interval: " + interval + " }\n";
        return new ConfigFileReader(Environment.of(Map.of()))
                .parse(Path.of("t.yaml"), yaml)
                .monitors()
                .get(0);
    }

    @Test
    void aMonitorIsCheckedOncePerIntervalAtItsOwnOffset() {
        Scheduler s = scheduler(Runnable::run);
        s.put(tcp("web", "10s"));
        for (int i = 0; i < 600; i++) {
            clock.advance(Duration.ofMillis(100));
            s.runDue();
        }
        // 60 s of time: the first check soon after it was added, then one every 10 s on its grid.
        assertThat(results).hasSizeBetween(6, 7);
        for (int i = 2; i < results.size(); i++) {
            assertThat(Duration.between(results.get(i - 1).at(), results.get(i).at()))
                    .isEqualTo(Duration.ofSeconds(10));
        }
        long offset = Spread.offset("web", Duration.ofSeconds(10));
        assertThat(results.get(1).at().toEpochMilli() % 10_000)
                .isCloseTo(offset, org.assertj.core.data.Offset.offset(100L));
    }

    @Test
    void startTimesOfManyMonitorsAreSpreadOverTheInterval() {
        int[] perSecond = new int[60];
        for (int i = 0; i < 6000; i++) {
            perSecond[(int) (Spread.offset("web-" + i, Duration.ofSeconds(60)) / 1000)]++;
        }
        // 100 per second on average; no second gets more than twice its share.
        assertThat(java.util.Arrays.stream(perSecond).boxed().toList())
                .allSatisfy(n -> assertThat(n).isBetween(50, 200));
    }

    @Test
    void aCheckStillRunningWhenItsNextSlotComesIsSkippedNotQueued() {
        Scheduler s = scheduler(parked::add);
        s.put(tcp("slow", "5s"));
        clock.set(s.nextDue().orElseThrow());
        assertThat(s.runDue()).isEqualTo(1);
        long before = s.skipped();
        clock.set(s.nextDue().orElseThrow());
        assertThat(s.runDue()).isZero();
        assertThat(s.skipped()).isEqualTo(before + 1);
        parked.forEach(Runnable::run);
        clock.advance(Duration.ofSeconds(5));
        assertThat(s.runDue()).isEqualTo(1);
    }

    @Test
    void latenessIsWhenTheCheckStartedAgainstWhenItWasDue() {
        Scheduler s = scheduler(parked::add);
        s.put(tcp("late", "10s"));
        Instant due = s.nextDue().orElseThrow();
        clock.set(due);
        s.runDue();
        clock.advance(Duration.ofMillis(300)); // the check waits 300 ms for a thread
        parked.forEach(Runnable::run);
        assertThat(results)
                .singleElement()
                .satisfies(r -> assertThat(r.lateness()).isEqualTo(Duration.ofMillis(300)));
    }

    @Test
    void aRemovedMonitorIsNoLongerCheckedAndReAddingItSchedulesItOnce() {
        Scheduler s = scheduler(Runnable::run);
        s.put(tcp("gone", "1s"));
        s.remove("gone");
        s.put(tcp("gone", "1s"));
        for (int i = 0; i < 100; i++) {
            clock.advance(Duration.ofMillis(100));
            s.runDue();
        }
        assertThat(results).hasSizeBetween(10, 11);
        s.remove("gone");
        clock.advance(Duration.ofSeconds(10));
        assertThat(s.runDue()).isZero();
    }

    @Test
    void aMonitorRemovedAndReAddedWhileItsCheckRunsIsNotCheckedTwiceAtOnce() {
        Scheduler s = scheduler(parked::add);
        s.put(tcp("again", "5s"));
        clock.set(s.nextDue().orElseThrow());
        assertThat(s.runDue()).isEqualTo(1); // its check is running (parked)
        s.remove("again");
        s.put(tcp("again", "5s"));
        for (int i = 0; i < 100; i++) {
            clock.advance(Duration.ofMillis(100));
            s.runDue();
        }
        assertThat(parked).as("no second check while the first one runs").hasSize(1);
        parked.forEach(Runnable::run);
        parked.clear();
        clock.advance(Duration.ofSeconds(5));
        assertThat(s.runDue()).isEqualTo(1);
    }

    @Test
    void aTimerFarBehindSkipsMissedSlotsInsteadOfRunningThemAll() {
        Scheduler s = scheduler(Runnable::run);
        s.put(tcp("behind", "1s"));
        clock.advance(Duration.ofSeconds(2));
        s.runDue();
        clock.advance(Duration.ofMinutes(5));
        assertThat(s.runDue()).isEqualTo(1);
        assertThat(s.skipped()).isGreaterThan(250);
    }
}

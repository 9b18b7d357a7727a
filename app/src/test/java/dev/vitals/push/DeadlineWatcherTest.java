package dev.vitals.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.testkit.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeadlineWatcherTest {
    private static final Instant T0 = Instant.parse("2026-10-25T00:00:00Z");

    private static List<String> ids(List<Due<String>> due) {
        return due.stream().map(Due::id).toList();
    }

    @Test
    void runDueHandsOverNothingBeforeTheFirstDeadline() {
        SettableClock clock = new SettableClock(T0);
        List<List<Due<String>>> handed = new ArrayList<>();
        DeadlineWatcher<String> w = new DeadlineWatcher<>(clock, handed::add);
        w.deadlines().put("backup", T0.plusSeconds(60), "late");

        assertThat(w.runDue()).contains(T0.plusSeconds(60));
        assertThat(handed).isEmpty();
    }

    @Test
    void runDueHandsOverEverythingDueAtTheClocksNowInOrder() {
        SettableClock clock = new SettableClock(T0);
        List<List<Due<String>>> handed = new ArrayList<>();
        DeadlineWatcher<String> w = new DeadlineWatcher<>(clock, handed::add);
        w.deadlines().put("c", T0.plusSeconds(90), "late");
        w.deadlines().put("b", T0.plusSeconds(60), "down");
        w.deadlines().put("a", T0.plusSeconds(30), "late");

        clock.advance(Duration.ofSeconds(60));
        assertThat(w.runDue()).contains(T0.plusSeconds(90));
        assertThat(handed).hasSize(1);
        assertThat(ids(handed.get(0))).containsExactly("a", "b");

        clock.advance(Duration.ofSeconds(30));
        assertThat(w.runDue()).isEmpty();
        assertThat(ids(handed.get(1))).containsExactly("c");
        assertThat(w.runDue()).isEmpty();
        assertThat(handed).hasSize(2);
    }

    @Test
    void theThreadHandsOverAShortDeadlineWithinTwoSecondsAndNotBeforeIt() throws Exception {
        InstantSource clock = InstantSource.system();
        CountDownLatch done = new CountDownLatch(1);
        List<Instant> handedAt = new CopyOnWriteArrayList<>();
        try (DeadlineWatcher<String> w = new DeadlineWatcher<>(clock, due -> {
            handedAt.add(clock.instant());
            done.countDown();
        })) {
            w.start();
            Instant deadline = clock.instant().plusMillis(300);
            w.deadlines().put("nightly-backup", deadline, "late");

            assertThat(done.await(2300, TimeUnit.MILLISECONDS)).isTrue();
            assertThat(handedAt.get(0)).isAfterOrEqualTo(deadline).isBefore(deadline.plusSeconds(2));
        }
    }

    @Test
    void anEarlierDeadlineWakesTheThreadSleepingForALaterOne() throws Exception {
        InstantSource clock = InstantSource.system();
        CountDownLatch done = new CountDownLatch(1);
        List<String> handed = new CopyOnWriteArrayList<>();
        // Sleeps may last an hour here, so only the wake-up can get the early deadline noticed in time.
        try (DeadlineWatcher<String> w = new DeadlineWatcher<>(
                clock,
                due -> {
                    due.forEach(d -> handed.add(d.id()));
                    done.countDown();
                },
                Duration.ofHours(1))) {
            w.deadlines().put("hourly", clock.instant().plus(Duration.ofHours(1)), "late");
            w.start();
            Thread.sleep(100); // let it fall asleep on the hour-long deadline
            Instant deadline = clock.instant().plusMillis(200);
            w.deadlines().put("every-minute", deadline, "late");

            assertThat(done.await(2200, TimeUnit.MILLISECONDS)).isTrue();
            assertThat(handed).containsExactly("every-minute");
            assertThat(w.deadlines().next()).isPresent();
        }
    }

    @Test
    void aFailingHandlerDoesNotStopTheThread() throws Exception {
        InstantSource clock = InstantSource.system();
        CountDownLatch second = new CountDownLatch(1);
        List<String> handed = new CopyOnWriteArrayList<>();
        try (DeadlineWatcher<String> w = new DeadlineWatcher<>(clock, due -> {
            String id = due.get(0).id();
            handed.add(id);
            if (id.equals("first")) {
                throw new IllegalStateException("the database is away");
            }
            second.countDown();
        })) {
            w.start();
            w.deadlines().put("first", clock.instant().plusMillis(50), "late");
            w.deadlines().put("second", clock.instant().plusMillis(300), "late");

            assertThat(second.await(2300, TimeUnit.MILLISECONDS)).isTrue();
            assertThat(handed).containsExactly("first", "second");
        }
    }

    @Test
    void closeStopsTheThread() {
        DeadlineWatcher<String> w = new DeadlineWatcher<>(InstantSource.system(), due -> {}, Duration.ofHours(1));
        w.start();
        assertThat(w.isRunning()).isTrue();
        w.close();
        assertThat(w.isRunning()).isFalse();
    }
}

package dev.vitals.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeadlinesTest {
    private enum What {
        LATE,
        DOWN
    }

    private static final Instant T0 = Instant.parse("2026-03-29T00:00:00Z");

    private static Instant t(long seconds) {
        return T0.plusSeconds(seconds);
    }

    private static List<String> ids(List<Due<What>> due) {
        return due.stream().map(Due::id).toList();
    }

    @Test
    void takeDueReturnsWhatIsDueEarliestFirstAndKeepsTheRest() {
        Deadlines<What> d = new Deadlines<>();
        d.put("c", t(30), What.LATE);
        d.put("a", t(10), What.DOWN);
        d.put("b", t(20), What.LATE);

        assertThat(d.takeDue(t(20)))
                .containsExactly(new Due<>("a", t(10), What.DOWN), new Due<>("b", t(20), What.LATE));
        assertThat(d.next()).contains(t(30));
        assertThat(d.size()).isEqualTo(1);
        assertThat(d.takeDue(t(29))).isEmpty();
    }

    @Test
    void aDeadlineExactlyAtNowIsDue() {
        Deadlines<What> d = new Deadlines<>();
        d.put("a", t(10), What.LATE);
        assertThat(d.takeDue(t(10).minusNanos(1))).isEmpty();
        assertThat(ids(d.takeDue(t(10)))).containsExactly("a");
    }

    @Test
    void putReplacesTheEarlierEntryOfTheSameId() {
        Deadlines<What> d = new Deadlines<>();
        d.put("a", t(10), What.LATE);
        d.put("b", t(20), What.LATE);
        d.put("a", t(30), What.DOWN);

        assertThat(d.size()).isEqualTo(2);
        assertThat(d.get("a")).contains(new Due<>("a", t(30), What.DOWN));
        assertThat(d.next()).contains(t(20));
        assertThat(d.takeDue(t(30)))
                .containsExactly(new Due<>("b", t(20), What.LATE), new Due<>("a", t(30), What.DOWN));
    }

    @Test
    void aReplacementCanAlsoMoveADeadlineEarlier() {
        Deadlines<What> d = new Deadlines<>();
        d.put("a", t(10), What.LATE);
        d.put("b", t(20), What.LATE);
        d.put("b", t(5), What.DOWN);
        assertThat(ids(d.takeDue(t(100)))).containsExactly("b", "a");
    }

    @Test
    void aRemovedEntryIsNeverTaken() {
        Deadlines<What> d = new Deadlines<>();
        for (int i = 0; i < 10; i++) {
            d.put("m" + i, t(i), What.LATE);
        }
        assertThat(d.remove("m0")).isTrue();
        assertThat(d.remove("m5")).isTrue();
        assertThat(d.remove("m5")).isFalse();
        assertThat(d.remove("nobody")).isFalse();
        assertThat(d.get("m5")).isEmpty();
        assertThat(d.next()).contains(t(1));
        assertThat(ids(d.takeDue(t(100)))).containsExactly("m1", "m2", "m3", "m4", "m6", "m7", "m8", "m9");
        assertThat(d.next()).isEmpty();
    }

    @Test
    void equalDeadlinesComeInTheOrderTheyWerePut() {
        Deadlines<What> d = new Deadlines<>();
        d.put("x", t(10), What.LATE);
        d.put("y", t(10), What.LATE);
        d.put("z", t(10), What.LATE);
        d.put("x", t(10), What.DOWN);
        assertThat(ids(d.takeDue(t(10)))).containsExactly("y", "z", "x");
    }

    @Test
    void aTakenEntryIsGoneAndItsIdCanBePutAgain() {
        Deadlines<What> d = new Deadlines<>();
        d.put("a", t(10), What.LATE);
        d.takeDue(t(10));
        assertThat(d.get("a")).isEmpty();
        d.put("a", t(40), What.DOWN);
        assertThat(d.takeDue(t(40))).containsExactly(new Due<>("a", t(40), What.DOWN));
    }

    @Test
    void oneHundredThousandEntriesAreTakenInDeadlineOrder() {
        Random random = new Random(6);
        Deadlines<Integer> d = new Deadlines<>();
        List<Due<Integer>> all = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            Due<Integer> due = new Due<>("push-" + i, t(random.nextInt(86_400)).plusMillis(random.nextInt(1000)), i);
            all.add(due);
            d.put(due.id(), due.at(), due.what());
        }
        // A tenth get a new deadline and a tenth go away, as pings and deletions would do.
        for (int i = 0; i < 100_000; i += 10) {
            Due<Integer> moved = new Due<>("push-" + i, t(random.nextInt(86_400)), -i);
            all.set(i, moved);
            d.put(moved.id(), moved.at(), moved.what());
        }
        for (int i = 5; i < 100_000; i += 10) {
            d.remove("push-" + i);
        }
        List<Due<Integer>> kept = new ArrayList<>(all);
        kept.removeIf(due -> Integer.parseInt(due.id().substring(5)) % 10 == 5);
        assertThat(d.size()).isEqualTo(kept.size());

        List<Due<Integer>> taken = new ArrayList<>();
        for (long s = 0; s <= 86_400; s += 3600) {
            Instant now = t(s);
            List<Due<Integer>> batch = d.takeDue(now);
            assertThat(batch).allSatisfy(due -> assertThat(due.at()).isBeforeOrEqualTo(now));
            taken.addAll(batch);
        }
        taken.addAll(d.takeDue(t(86_401)));

        assertThat(taken).isSortedAccordingTo(Comparator.comparing(Due::at));
        // Sets, because AssertJ's any-order comparison of 100,000 elements is quadratic.
        assertThat(taken).hasSameSizeAs(kept);
        assertThat(new HashSet<>(taken)).isEqualTo(new HashSet<>(kept));
        assertThat(d.size()).isZero();
    }

    @Test
    void onEarlierRunsOnlyWhenAPutBecomesTheEarliestDeadline() {
        AtomicInteger earlier = new AtomicInteger();
        Deadlines<What> d = new Deadlines<>(earlier::incrementAndGet);
        d.put("a", t(10), What.LATE);
        assertThat(earlier).hasValue(1);
        d.put("b", t(20), What.LATE);
        assertThat(earlier).hasValue(1);
        d.put("c", t(5), What.LATE);
        assertThat(earlier).hasValue(2);
        d.put("b", t(1), What.LATE);
        assertThat(earlier).hasValue(3);
    }

    @Test
    void concurrentPutsAndRemovesLeaveAConsistentIndex() throws Exception {
        Deadlines<Integer> d = new Deadlines<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int worker = w;
                jobs.add(pool.submit(() -> {
                    Random random = new Random(worker);
                    for (int i = 0; i < 20_000; i++) {
                        String id = worker + "-" + (i % 5000);
                        if (i % 7 == 0) {
                            d.remove(id);
                        } else {
                            d.put(id, t(random.nextInt(1000)), i);
                        }
                        if (i % 1000 == 0) {
                            d.takeDue(t(random.nextInt(50)));
                        }
                    }
                }));
            }
            for (Future<?> job : jobs) {
                job.get();
            }
        } finally {
            pool.shutdown();
        }
        int size = d.size();
        List<Due<Integer>> rest = d.takeDue(t(1000));
        assertThat(rest).hasSize(size);
        assertThat(rest).isSortedAccordingTo(Comparator.comparing(Due::at));
        assertThat(rest.stream().map(Due::id).distinct().count()).isEqualTo(size);
    }
}

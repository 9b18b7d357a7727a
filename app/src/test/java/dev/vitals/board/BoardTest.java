package dev.vitals.board;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.checks.CheckResult;
import dev.vitals.checks.Outcome;
import dev.vitals.evaluation.Evaluated;
import dev.vitals.evaluation.MonitorStatus;
import dev.vitals.metrics.Histogram;
import dev.vitals.monitors.MonitorRegistry;
import dev.vitals.results.ResultWriter;
import dev.vitals.results.Retention;
import dev.vitals.results.Rollups;
import dev.vitals.store.Database;
import dev.vitals.testkit.Results;
import dev.vitals.testkit.SettableClock;
import dev.vitals.testkit.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BoardTest {
    private final SettableClock clock = SettableClock.at("2026-11-24T10:30:00Z");

    private static Evaluated evaluated(CheckResult r) {
        return new Evaluated(r.monitorId(), Optional.of(r), MonitorStatus.pending(r.at()), Optional.empty());
    }

    @Test
    void availabilityCountsSlowAsBadAndUnknownAsNeither() {
        Board b = new Board(clock);
        Instant t = clock.instant();
        b.accept(evaluated(Results.of("m", t, Outcome.UP, 10)));
        b.accept(evaluated(Results.of("m", t, Outcome.UP, 10)));
        b.accept(evaluated(Results.of("m", t, Outcome.SLOW, 900)));
        b.accept(evaluated(Results.of("m", t, Outcome.DOWN, 0)));
        b.accept(evaluated(Results.of("m", t, Outcome.UNKNOWN, 0)));
        Board.Line line = b.line("m");
        assertThat(line.day()).hasValue(0.5);
        assertThat(line.month()).hasValue(0.5);
        // Down results are ticks in the sparkline, unknown ones are left out.
        assertThat(line.sparkline()).containsExactly(10_000, 10_000, 900_000, -1);
    }

    @Test
    void resultsOlderThanTheWindowsStopCounting() {
        Board b = new Board(clock);
        b.accept(evaluated(Results.of("m", clock.instant(), Outcome.DOWN, 0)));
        clock.advance(Duration.ofHours(2));
        b.accept(evaluated(Results.of("m", clock.instant(), Outcome.UP, 5)));
        assertThat(b.line("m").day()).hasValue(0.5);
        // 24 hours later the down result has left the day but not the month.
        clock.advance(Duration.ofHours(23));
        assertThat(b.line("m").day()).hasValue(1.0);
        assertThat(b.line("m").month()).hasValue(0.5);
        // A slot of the ring reused by a newer hour forgets the old one.
        b.accept(evaluated(Results.of("m", clock.instant(), Outcome.UP, 5)));
        assertThat(b.line("m").day()).hasValue(1.0);
        clock.advance(Duration.ofDays(30));
        assertThat(b.line("m").month()).isEmpty();
        assertThat(b.line("nobody")).isEqualTo(Board.Line.EMPTY);
    }

    @Test
    void theSparklineKeepsTheLastThirtyResultsOldestFirst() {
        Board b = new Board(clock);
        for (int i = 1; i <= 40; i++) {
            b.accept(evaluated(Results.of("m", clock.instant(), Outcome.UP, i)));
        }
        long[] spark = b.line("m").sparkline();
        assertThat(spark).hasSize(30);
        assertThat(spark[0]).isEqualTo(11_000);
        assertThat(spark[29]).isEqualTo(40_000);
    }

    /**
     * A board seeded from the store after a restart shows what a board that saw every result live
     * showed: whether the results were rolled up or still raw.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void aSeededBoardMatchesTheLiveOne(String kind, @TempDir Path dir) throws Exception {
        try (TestDatabases.Handle handle = TestDatabases.open(kind, dir);
                Database db = handle.open()) {
            clock.set(Instant.parse("2026-11-24T10:30:00Z"));
            MonitorRegistry registry = new MonitorRegistry(db, clock);
            for (String id : new String[] {"a", "b"}) {
                registry.create("{\"id\": \"" + id + "\", \"kind\": \"tcp\", \"host\": \"127.0.0.1\", \"port\": 9}");
            }
            Board live = new Board(clock);
            ResultWriter writer = new ResultWriter(db, clock, ResultWriter.Settings.DEFAULT, new Histogram());
            writer.start();
            Rollups rollups = new Rollups(db, clock);
            // 40 days of results every 20 minutes; "b" is down every fifth, slow every seventh.
            Instant start = clock.instant().minus(Duration.ofDays(40));
            int n = 0;
            for (Instant t = start; t.isBefore(clock.instant()); t = t.plus(Duration.ofMinutes(20))) {
                n++;
                Outcome ob = n % 5 == 0 ? Outcome.DOWN : n % 7 == 0 ? Outcome.SLOW : Outcome.UP;
                for (CheckResult r : new CheckResult[] {
                    Results.of("a", t, Outcome.UP, 20 + n % 13), Results.of("b", t, ob, 30 + n % 17)
                }) {
                    Evaluated e = evaluated(r);
                    live.accept(e);
                    writer.accept(e);
                }
            }
            assertThat(writer.flush(Duration.ofSeconds(30))).isTrue();
            // Roll up all but the last stretch, which stays raw.
            rollups.run();
            clock.advance(Duration.ofMinutes(7));
            for (Instant t = clock.instant().minus(Duration.ofMinutes(6));
                    t.isBefore(clock.instant());
                    t = t.plusSeconds(60)) {
                Evaluated e = evaluated(Results.of("b", t, Outcome.DOWN, 0));
                live.accept(e);
                writer.accept(e);
            }
            assertThat(writer.flush(Duration.ofSeconds(30))).isTrue();
            writer.close(Duration.ofSeconds(5));

            Board seeded = new Board(clock);
            seeded.seed(db, Retention.Keep.DEFAULT);
            for (String id : new String[] {"a", "b"}) {
                Board.Line want = live.line(id);
                Board.Line got = seeded.line(id);
                assertThat(got.day()).as(id + " day").isEqualTo(want.day());
                assertThat(got.month()).as(id + " month").isEqualTo(want.month());
                assertThat(got.sparkline()).as(id + " sparkline").containsExactly(want.sparkline());
            }
            assertThat(seeded.line("b").day().getAsDouble()).isLessThan(0.9);
        }
    }
}

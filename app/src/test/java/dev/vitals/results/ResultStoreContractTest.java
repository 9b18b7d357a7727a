package dev.vitals.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vitals.checks.CheckResult;
import dev.vitals.checks.Outcome;
import dev.vitals.checks.Phase;
import dev.vitals.evaluation.Evaluated;
import dev.vitals.evaluation.Flip;
import dev.vitals.evaluation.MonitorStatus;
import dev.vitals.evaluation.ResultSummary;
import dev.vitals.evaluation.State;
import dev.vitals.metrics.Histogram;
import dev.vitals.store.Database;
import dev.vitals.testkit.Results;
import dev.vitals.testkit.SettableClock;
import dev.vitals.testkit.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** The results store behaves the same on SQLite and PostgreSQL. */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgres"})
class ResultStoreContractTest {
    private static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");

    @Parameter
    String backend;

    @TempDir
    Path dir;

    TestDatabases.Handle handle;
    Database db;
    SettableClock clock = new SettableClock(T0);
    ResultWriter writer;

    @BeforeEach
    void open() {
        handle = TestDatabases.open(backend, dir);
        db = handle.open();
        writer = new ResultWriter(
                db, clock, new ResultWriter.Settings(10_000, 100, Duration.ofMillis(10)), new Histogram());
        writer.start();
    }

    @AfterEach
    void close() {
        writer.close();
        db.close();
        handle.close();
    }

    private void write(CheckResult r) {
        writer.accept(new Evaluated(r.monitorId(), Optional.of(r), MonitorStatus.pending(r.at()), Optional.empty()));
    }

    private void flush() throws InterruptedException {
        assertThat(writer.flush(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void resultsComeBackNewestFirstWithTheirPhases() throws Exception {
        for (int i = 0; i < 5; i++) {
            write(Results.of("web", T0.plusSeconds(30L * i), i == 3 ? Outcome.DOWN : Outcome.UP, 40 + i));
        }
        flush();
        List<CheckResult> rs = db.read(c -> ResultTables.results(c, "web", T0, T0.plusSeconds(3600), 3));
        assertThat(rs)
                .extracting(CheckResult::at)
                .containsExactly(T0.plusSeconds(120), T0.plusSeconds(90), T0.plusSeconds(60));
        assertThat(rs.get(1).outcome()).isEqualTo(Outcome.DOWN);
        assertThat(rs.get(1).reason()).contains("down for a test");
        assertThat(rs.get(0).timings().get(Phase.FIRST_BYTE)).contains(Duration.ofMillis(22));
        assertThat(rs.get(0).timings().get(Phase.TLS)).isEmpty();
        Optional<CheckResult> latest = db.read(c -> ResultTables.latest(c, "web"));
        assertThat(latest).get().extracting(CheckResult::latency).isEqualTo(Duration.ofMillis(44));
    }

    @Test
    void aFlipIsStoredWithTheResultsThatCausedItAndTheNewState() throws Exception {
        CheckResult r1 = Results.of("db", T0, Outcome.DOWN, 5);
        CheckResult r2 = Results.of("db", T0.plusSeconds(30), Outcome.DOWN, 5);
        Flip flip = new Flip(
                "db",
                T0,
                State.UP,
                State.DOWN,
                "refused (2 checks in a row)",
                List.of(ResultSummary.of(r1), ResultSummary.of(r2)));
        write(r1);
        writer.accept(new Evaluated(
                "db",
                Optional.of(r2),
                new MonitorStatus(State.DOWN, T0, Optional.of("refused"), List.of()),
                Optional.of(flip)));
        flush();
        List<StoredFlip> flips =
                db.read(c -> ResultTables.flips(c, Optional.of("db"), Instant.EPOCH, T0.plusSeconds(60), 10));
        assertThat(flips).singleElement().satisfies(f -> {
            assertThat(f.flip().to()).isEqualTo(State.DOWN);
            assertThat(f.flip().causes()).hasSize(2).allMatch(c -> c.outcome() == Outcome.DOWN);
        });
        assertThat(db.read(ResultTables::states))
                .containsKey("db")
                .extractingByKey("db")
                .extracting(MonitorStatus::state)
                .isEqualTo(State.DOWN);
    }

    @Test
    void aReasonWithControlCharactersFromATargetIsStoredAndDoesNotBlockOtherResults() throws Exception {
        // Regression: PostgreSQL refuses NUL in text, and the batch holding it was retried forever.
        CheckResult odd = new CheckResult(
                "odd",
                T0,
                Outcome.DOWN,
                Duration.ofMillis(5),
                dev.vitals.checks.Timings.NONE,
                Optional.of("json $.x is \"a\u0000b\u0007\", expected \"ok\"\nmore"),
                Optional.empty(),
                Duration.ZERO);
        write(odd);
        write(Results.of("odd", T0.plusSeconds(10), Outcome.UP, 5));
        flush();
        List<CheckResult> rs = db.read(c -> ResultTables.results(c, "odd", T0, T0.plusSeconds(60), 10));
        assertThat(rs).hasSize(2);
        assertThat(rs.get(1).reason().orElseThrow()).isEqualTo("json $.x is \"a\uFFFDb\uFFFD\", expected \"ok\" more");
    }

    @Test
    void aRowTheDatabaseRefusesIsSetAsideAndDoesNotHoldBackTheOthers() throws Exception {
        // PostgreSQL refuses a NUL in text; SQLite takes it. Either way the good result gets through.
        write(Results.of("bad\u0000id", T0, Outcome.UP, 5));
        write(Results.of("good", T0, Outcome.UP, 5));
        assertThat(writer.flush(Duration.ofSeconds(20))).isTrue();
        List<CheckResult> rs = db.read(c -> ResultTables.results(c, "good", T0, T0.plusSeconds(1), 10));
        assertThat(rs).hasSize(1);
        assertThat(writer.health().dropped()).isEqualTo(backend.equals("postgres") ? 1 : 0);
        assertThat(writer.health().ok()).isTrue();
    }

    /**
     * A writer whose own thread is not started, so that only {@link ResultWriter#writeAlong} writes;
     * with no delay, whatever waits is due at once.
     */
    private ResultWriter idleWriter() {
        return new ResultWriter(db, clock, new ResultWriter.Settings(10_000, 100, Duration.ZERO), new Histogram());
    }

    @Test
    void aFewResultsWaitForALargerGroupRatherThanRideAlongAtOnceAndALargeBacklogGoesInSlices() {
        ResultWriter w = new ResultWriter(
                db, clock, new ResultWriter.Settings(10_000, 1_000, Duration.ofHours(1)), new Histogram());
        give(w, Results.of("few", T0, Outcome.UP, 5));
        db.write(c -> {
            assertThat(w.writeAlong(c)).isEmpty();
            return null;
        });
        int waiting = 2 * ResultWriter.ALONG_AT_MOST + ResultWriter.ALONG_AT_LEAST - 1;
        for (int i = 1; i < waiting; i++) {
            give(w, Results.of("few", T0.plusMillis(i), Outcome.UP, 5));
        }
        // One slice a transaction: no group of pings waits behind the whole backlog.
        List<Integer> slices = new java.util.ArrayList<>();
        for (int group = 0; group < 3; group++) {
            List<Optional<ResultWriter.Along>> along = new java.util.ArrayList<>();
            int before = stored("few");
            db.write(c -> along.add(w.writeAlong(c)));
            along.forEach(a -> w.settle(a, true));
            slices.add(stored("few") - before);
        }
        // The last slice is below the least that rides along (the delay of an hour is not due).
        assertThat(slices).containsExactly(ResultWriter.ALONG_AT_MOST, ResultWriter.ALONG_AT_MOST, 0);
        assertThat(w.health().buffered()).isEqualTo(ResultWriter.ALONG_AT_LEAST - 1);
    }

    private static void give(ResultWriter w, CheckResult r) {
        w.accept(new Evaluated(r.monitorId(), Optional.of(r), MonitorStatus.pending(r.at()), Optional.empty()));
    }

    private int stored(String monitorId) {
        return db.read(c -> ResultTables.results(c, monitorId, T0, T0.plusSeconds(60), 10_000))
                .size();
    }

    @Test
    void resultsRideAlongInAnotherWritersTransactionAndAreWrittenOnce() throws Exception {
        ResultWriter w = idleWriter();
        give(w, Results.of("rider", T0, Outcome.UP, 5));
        give(w, Results.of("rider", T0.plusSeconds(10), Outcome.DOWN, 5));
        List<Optional<ResultWriter.Along>> along = new java.util.ArrayList<>();
        db.write(c -> along.add(w.writeAlong(c)));
        assertThat(along.get(0)).isPresent();
        w.settle(along.get(0), true);
        assertThat(stored("rider")).isEqualTo(2);
        assertThat(w.health().buffered()).isZero();
        // Nothing waits any more: the writer's own thread writes nothing twice.
        db.write(c -> {
            assertThat(w.writeAlong(c)).isEmpty();
            return null;
        });
        w.start();
        assertThat(w.flush(Duration.ofSeconds(10))).isTrue();
        w.close();
        assertThat(stored("rider")).isEqualTo(2);
    }

    @Test
    void resultsThatRodeAlongATransactionThatFailedAreWrittenByTheWriterLater() throws Exception {
        ResultWriter w = idleWriter();
        give(w, Results.of("unlucky", T0, Outcome.UP, 5));
        List<Optional<ResultWriter.Along>> along = new java.util.ArrayList<>();
        try {
            db.write(c -> {
                along.add(w.writeAlong(c));
                throw new IllegalStateException("the carrier's own rows failed");
            });
        } catch (IllegalStateException expected) {
            along.forEach(a -> w.settle(a, false));
        }
        assertThat(stored("unlucky")).isZero();
        assertThat(w.health().buffered()).isEqualTo(1);
        w.start();
        assertThat(w.flush(Duration.ofSeconds(10))).isTrue();
        w.close();
        assertThat(stored("unlucky")).isEqualTo(1);
    }

    @Test
    void aRowTheDatabaseRefusesNeverFailsTheTransactionItRidesIn() throws Exception {
        // PostgreSQL refuses a NUL in text; SQLite takes it. Either way the carrier's own row commits.
        ResultWriter w = idleWriter();
        give(w, Results.of("bad\u0000id", T0, Outcome.UP, 5));
        give(w, Results.of("fine", T0, Outcome.UP, 5));
        List<Optional<ResultWriter.Along>> along = new java.util.ArrayList<>();
        db.write(c -> {
            dev.vitals.monitors.MonitorTable.ensure(c, "carrier", "file", T0.toEpochMilli());
            along.add(w.writeAlong(c));
            return null;
        });
        along.forEach(a -> w.settle(a, true));
        Optional<Long> carrier = db.read(c -> dev.vitals.monitors.MonitorTable.midOf(c, "carrier"));
        assertThat(carrier).isPresent();
        boolean refuses = backend.equals("postgres");
        assertThat(stored("fine")).isEqualTo(refuses ? 0 : 1);
        assertThat(w.health().buffered()).isEqualTo(refuses ? 2 : 0);
        // The writer's own thread then sets the refused row aside and writes the other.
        w.start();
        assertThat(w.flush(Duration.ofSeconds(20))).isTrue();
        w.close();
        assertThat(stored("fine")).isEqualTo(1);
        assertThat(w.health().dropped()).isEqualTo(refuses ? 1 : 0);
    }

    @Test
    void aLoneResultIsWrittenAfterTheMaximumDelayWithoutAnyFlush() throws Exception {
        // Regression: the writer slept until a batch was full, so a quiet Vitals wrote nothing.
        write(Results.of("quiet", T0, Outcome.UP, 10));
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<CheckResult> rs = List.of();
        while (rs.isEmpty() && System.nanoTime() < end) {
            Thread.sleep(20);
            rs = db.read(c -> ResultTables.results(c, "quiet", T0, T0.plusSeconds(1), 10));
        }
        assertThat(rs).hasSize(1);
    }

    @Test
    void availabilityFromRollupsEqualsAvailabilityFromRawResults() throws Exception {
        // Three hours of a 10-second monitor: every 7th check slow, every 50th down.
        int n = 3 * 360;
        long expectedBad = 0;
        for (int i = 0; i < n; i++) {
            Outcome o = i % 50 == 0 ? Outcome.DOWN : i % 7 == 0 ? Outcome.SLOW : Outcome.UP;
            expectedBad += o == Outcome.UP ? 0 : 1;
            write(Results.of("api", T0.plusSeconds(10L * i), o, 20 + (i % 100)));
        }
        flush();
        Availability availability = new Availability(db, clock, Retention.Keep.DEFAULT);
        clock.set(T0.plus(Duration.ofHours(3)));
        Availability.Report fromRaw =
                availability.of("api", T0, T0.plus(Duration.ofHours(3))).orElseThrow();

        clock.set(T0.plus(Duration.ofHours(5)));
        new Rollups(db, clock).run();
        assertThat(new Rollups(db, clock).doneUntil(Level.HOUR)).isPresent();
        Availability.Report fromRollups =
                availability.of("api", T0, T0.plus(Duration.ofHours(3))).orElseThrow();

        assertThat(fromRollups.good()).isEqualTo(fromRaw.good());
        assertThat(fromRollups.bad()).isEqualTo(fromRaw.bad()).isEqualTo(expectedBad);
        assertThat(fromRollups.slow()).isEqualTo(fromRaw.slow());
        assertThat(fromRollups.availability().getAsDouble()).isCloseTo((double) fromRaw.good() / n, within(1e-9));
        assertThat(fromRollups.latency().orElseThrow().quantile(0.99))
                .isEqualTo(fromRaw.latency().orElseThrow().quantile(0.99));
    }

    @Test
    void aResultWrittenAfterItsMinuteWasRolledUpIsCountedAnyway() throws Exception {
        for (int i = 0; i < 60; i++) {
            write(Results.of("late", T0.plusSeconds(60L * i), Outcome.UP, 10));
        }
        flush();
        clock.set(T0.plus(Duration.ofHours(3)));
        Rollups rollups = new Rollups(db, clock);
        rollups.run();
        // A result that waited out a database outage arrives for a minute that is done.
        write(Results.of("late", T0.plusSeconds(90), Outcome.DOWN, 10));
        flush();
        rollups.run();
        Availability.Report r = new Availability(
                        db,
                        clock,
                        new Retention.Keep(
                                Duration.ofMinutes(1), Duration.ofDays(8), Duration.ofDays(450), Duration.ofDays(1825)))
                .of("late", T0, T0.plus(Duration.ofHours(1)))
                .orElseThrow();
        assertThat(r.good()).isEqualTo(60);
        assertThat(r.down()).isEqualTo(1);
    }

    @Test
    void retentionDeletesRawResultsOlderThanTheKeep() throws Exception {
        write(Results.of("old", T0, Outcome.UP, 10));
        write(Results.of("old", T0.plus(Duration.ofDays(6)), Outcome.UP, 10));
        flush();
        clock.set(T0.plus(Duration.ofDays(7)).plusSeconds(1));
        new Rollups(db, clock).run();
        long deleted = new Retention(db, clock, Retention.Keep.DEFAULT).run();
        assertThat(deleted).isEqualTo(1);
        List<CheckResult> left =
                db.read(c -> ResultTables.results(c, "old", Instant.EPOCH, T0.plus(Duration.ofDays(30)), 10));
        assertThat(left).hasSize(1);
    }

    @Test
    void retentionKeepsRawResultsThatAreNotRolledUpYetWhateverTheirAge() throws Exception {
        write(Results.of("behind", T0, Outcome.DOWN, 10));
        flush();
        clock.set(T0.plus(Duration.ofDays(30)));
        // The roll-ups never ran (say Vitals was stopped for a month): the raw rows are all there is.
        new Retention(db, clock, Retention.Keep.DEFAULT).run();
        List<CheckResult> kept = db.read(c -> ResultTables.results(c, "behind", Instant.EPOCH, T0.plusSeconds(1), 10));
        assertThat(kept).hasSize(1);
        new Rollups(db, clock).run();
        new Retention(db, clock, Retention.Keep.DEFAULT).run();
        List<CheckResult> gone = db.read(c -> ResultTables.results(c, "behind", Instant.EPOCH, T0.plusSeconds(1), 10));
        assertThat(gone).isEmpty();
        Availability.Report r = new Availability(db, clock, Retention.Keep.DEFAULT)
                .of("behind", T0.minusSeconds(3600), T0.plus(Duration.ofDays(1)))
                .orElseThrow();
        assertThat(r.down()).isEqualTo(1);
    }

    @Test
    void unknownTimeCountsPendingAndUnknownStatesOnly() throws Exception {
        // Created at T0 (pending), up at T0+10m, Vitals stopped from T0+1h to T0+2h (unknown), up again at T0+2h.
        write(Results.of("u", T0, Outcome.UP, 1));
        flush();
        db.write(c ->
                dev.vitals.store.Sql.update(c, "UPDATE monitors SET created_at = ? WHERE id = 'u'", T0.toEpochMilli()));
        emitFlip("u", T0.plus(Duration.ofMinutes(10)), State.PENDING, State.UP);
        emitFlip("u", T0.plus(Duration.ofHours(1)), State.UP, State.UNKNOWN);
        emitFlip("u", T0.plus(Duration.ofHours(2)), State.UNKNOWN, State.UP);
        flush();
        clock.set(T0.plus(Duration.ofHours(3)));
        Availability.Report r = new Availability(db, clock, Retention.Keep.DEFAULT)
                .of("u", T0.minus(Duration.ofHours(1)), T0.plus(Duration.ofHours(3)))
                .orElseThrow();
        assertThat(r.unknown()).isEqualTo(Duration.ofMinutes(70));
    }

    private void emitFlip(String id, Instant at, State from, State to) {
        Flip f = new Flip(id, at, from, to, "test", List.of());
        writer.accept(new Evaluated(
                id, Optional.empty(), new MonitorStatus(to, at, Optional.empty(), List.of()), Optional.of(f)));
    }
}

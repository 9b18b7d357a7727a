package dev.vitals.results;

import dev.vitals.checks.CheckResult;
import dev.vitals.store.Database;
import dev.vitals.store.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Summarises results into minute, hour and day buckets, so that long views never read raw rows.
 *
 * <p>Each level has a watermark ({@code rollup_progress.done_until}): every bucket before it is
 * complete. Minutes are computed from raw results once they are {@link #LAG} old (a check writes its
 * result when it ends, up to its timeout after it started); hours from minutes, days from hours.
 * Computing a bucket is idempotent (an upsert of a recomputation), and the watermark moves with a
 * conditional update in the same transaction, so a restart or a second node computes nothing twice
 * wrongly. Results that arrive after their minute was done (they waited out a database outage) mark
 * the minute dirty; the dirty minute is recomputed and marks its hour dirty, and so on up.
 */
public final class Rollups {
    private static final Logger LOG = LoggerFactory.getLogger(Rollups.class);
    static final Duration LAG = Duration.ofMinutes(2);
    /** How much of a level is done per transaction, so that catching up never holds a long lock. */
    private static final int BUCKETS_PER_STEP = 60;

    private final Database db;
    private final InstantSource clock;

    public Rollups(Database db, InstantSource clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Brings every level up to date; safe to call at any time, from any node. */
    public void run() {
        long now = clock.instant().toEpochMilli();
        catchUp(Level.MINUTE, Level.MINUTE.floor(now - LAG.toMillis()));
        recomputeDirty(Level.MINUTE);
        catchUp(
                Level.HOUR,
                db.read(c -> RollupTables.doneUntil(c, Level.MINUTE))
                        .map(Level.HOUR::floor)
                        .orElse(Long.MIN_VALUE));
        recomputeDirty(Level.HOUR);
        catchUp(
                Level.DAY,
                db.read(c -> RollupTables.doneUntil(c, Level.HOUR))
                        .map(Level.DAY::floor)
                        .orElse(Long.MIN_VALUE));
        recomputeDirty(Level.DAY);
    }

    /** The watermark of a level: every bucket that starts before it is complete. */
    public Optional<Long> doneUntil(Level level) {
        return db.read(c -> RollupTables.doneUntil(c, level));
    }

    static void markLateResults(Connection c, Dialect dialect, List<Map.Entry<Long, CheckResult>> rows)
            throws SQLException {
        RollupTables.markLate(c, dialect, rows);
    }

    private void catchUp(Level level, long target) {
        while (true) {
            Optional<Long> done = db.read(c -> RollupTables.doneUntil(c, level));
            long from = done.orElseGet(() -> start(level, target));
            if (from >= target) {
                return;
            }
            long to = Math.min(target, from + BUCKETS_PER_STEP * level.millis());
            boolean advanced = db.write(c -> {
                RollupTables.lockProgress(c, db.dialect(), level, true);
                Map<RollupTables.Key, Bucket> buckets = level.finer() == Level.RAW
                        ? RollupTables.fromRaw(c, level, from, to, Optional.empty())
                        : RollupTables.fromRollups(c, level, from, to, Optional.empty());
                RollupTables.upsert(c, level, buckets);
                if (!RollupTables.advance(c, level, done, to)) {
                    c.rollback();
                    return false;
                }
                return true;
            });
            if (!advanced) {
                LOG.debug("{} rollups were advanced by another node", level);
            }
        }
    }

    /** Where a level starts when it has never run: at the first data there is, or now. */
    private long start(Level level, long target) {
        Optional<Long> first = level.finer() == Level.RAW
                ? db.read(RollupTables::earliestResult)
                : db.read(c -> RollupTables.doneUntil(c, level.finer()))
                        .flatMap(x -> db.read(RollupTables::earliestResult));
        return first.map(level::floor).map(f -> Math.min(f, target)).orElse(target);
    }

    private void recomputeDirty(Level level) {
        List<RollupTables.Key> keys = db.read(c -> RollupTables.dirty(c, level, 1_000));
        for (RollupTables.Key k : keys) {
            db.write(c -> {
                // As in catchUp: a late result written meanwhile is either read here or marks the
                // bucket dirty again after this transaction, never neither.
                RollupTables.lockProgress(c, db.dialect(), level, true);
                long from = k.bucket();
                long to = from + level.millis();
                Map<RollupTables.Key, Bucket> b = level.finer() == Level.RAW
                        ? RollupTables.fromRaw(c, level, from, to, Optional.of(k.mid()))
                        : RollupTables.fromRollups(c, level, from, to, Optional.of(k.mid()));
                if (b.isEmpty()) {
                    RollupTables.deleteBucket(c, level, k);
                } else {
                    RollupTables.upsert(c, level, b);
                }
                RollupTables.clearDirty(c, level, k);
                if (level != Level.DAY) {
                    Level coarser = level == Level.MINUTE ? Level.HOUR : Level.DAY;
                    Optional<Long> done = RollupTables.doneUntil(c, coarser);
                    if (done.isPresent() && coarser.floor(from) < done.get()) {
                        RollupTables.markDirty(c, coarser, k.mid(), coarser.floor(from));
                    }
                }
                return null;
            });
        }
    }
}

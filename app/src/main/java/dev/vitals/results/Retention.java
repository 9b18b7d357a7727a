package dev.vitals.results;

import dev.vitals.store.Database;
import dev.vitals.store.Sql;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what has outlived its keep: raw results after {@code raw}, and each rollup level after its
 * own keep. Deletes go in slices of an hour of data, so that no transaction grows large and checks'
 * writes are never held up for long.
 */
public final class Retention {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    /** How long each level is kept. Hour and day rollups outlive a year, for year-on-year views. */
    public record Keep(Duration raw, Duration minute, Duration hour, Duration day) {
        public static final Keep DEFAULT =
                new Keep(Duration.ofDays(7), Duration.ofDays(8), Duration.ofDays(450), Duration.ofDays(1825));

        public Duration of(Level level) {
            return switch (level) {
                case RAW -> raw;
                case MINUTE -> minute;
                case HOUR -> hour;
                case DAY -> day;
            };
        }

        /** The oldest time each level still holds, at {@code now}. */
        public Map<Level, Long> keptFrom(long now) {
            Map<Level, Long> out = new java.util.EnumMap<>(Level.class);
            for (Level l : Level.values()) {
                out.put(l, now - of(l).toMillis());
            }
            return out;
        }
    }

    private final Database db;
    private final InstantSource clock;
    private final Keep keep;

    public Retention(Database db, InstantSource clock, Keep keep) {
        this.db = db;
        this.clock = clock;
        this.keep = keep;
    }

    public Keep keep() {
        return keep;
    }

    /** Deletes expired rows; returns how many. */
    public long run() {
        long now = clock.instant().toEpochMilli();
        // Nothing is deleted before the next coarser level has taken it in: a roll-up that fell
        // behind (the database was away, Vitals was stopped) must not lose the rows it still needs.
        long deleted = deleteBefore("results", "at", "", cutoff(now, Level.RAW));
        for (Level l : new Level[] {Level.MINUTE, Level.HOUR, Level.DAY}) {
            deleted += deleteBefore("rollups", "bucket", " AND level = " + l.code(), cutoff(now, l));
        }
        if (deleted > 0) {
            LOG.info("retention deleted {} rows", deleted);
        }
        return deleted;
    }

    private long cutoff(long now, Level level) {
        long byKeep = now - keep.of(level).toMillis();
        if (level == Level.DAY) {
            return byKeep;
        }
        Level coarser = level == Level.RAW ? Level.MINUTE : level == Level.MINUTE ? Level.HOUR : Level.DAY;
        long rolledUp = db.read(c -> RollupTables.doneUntil(c, coarser)).orElse(Long.MIN_VALUE);
        return Math.min(byKeep, rolledUp);
    }

    private long deleteBefore(String table, String column, String filter, long cutoff) {
        long total = 0;
        long hour = Duration.ofHours(1).toMillis();
        while (true) {
            long oldest = db.read(c -> Sql.one(
                            c,
                            "SELECT min(" + column + ") FROM " + table + " WHERE " + column + " < ?" + filter,
                            rs -> {
                                long v = rs.getLong(1);
                                return rs.wasNull() ? null : v;
                            },
                            cutoff))
                    .orElse(cutoff);
            if (oldest >= cutoff) {
                return total;
            }
            long upTo = Math.min(cutoff, oldest + hour);
            total += db.write(c -> Sql.update(c, "DELETE FROM " + table + " WHERE " + column + " < ?" + filter, upTo));
        }
    }
}

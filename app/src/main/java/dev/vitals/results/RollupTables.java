package dev.vitals.results;

import dev.vitals.checks.CheckResult;
import dev.vitals.checks.Outcome;
import dev.vitals.store.Dialect;
import dev.vitals.store.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL of the {@code rollups}, {@code rollup_progress} and {@code rollup_dirty} tables. */
final class RollupTables {
    private RollupTables() {}

    /** A key of one bucket of one monitor. */
    record Key(long mid, long bucket) {}

    static Optional<Long> doneUntil(Connection c, Level level) throws SQLException {
        return Sql.one(c, "SELECT done_until FROM rollup_progress WHERE level = ?", rs -> rs.getLong(1), level.code());
    }

    /**
     * Moves a level's progress from {@code from} to {@code to}, only if no one else moved it: a
     * second node that computed the same buckets then rolls back instead of going backwards.
     */
    static boolean advance(Connection c, Level level, Optional<Long> from, long to) throws SQLException {
        if (from.isEmpty()) {
            return Sql.update(
                            c,
                            "INSERT INTO rollup_progress (level, done_until) VALUES (?, ?) ON CONFLICT (level) DO NOTHING",
                            level.code(),
                            to)
                    == 1;
        }
        return Sql.update(
                        c,
                        "UPDATE rollup_progress SET done_until = ? WHERE level = ? AND done_until = ?",
                        to,
                        level.code(),
                        from.get())
                == 1;
    }

    static Optional<Long> earliestResult(Connection c) throws SQLException {
        return Sql.one(c, "SELECT min(at) FROM results", rs -> {
            long v = rs.getLong(1);
            return rs.wasNull() ? null : v;
        });
    }

    /** Raw results in [from, to) of all monitors (or one), grouped into buckets of {@code level}. */
    static Map<Key, Bucket> fromRaw(Connection c, Level level, long from, long to, Optional<Long> mid)
            throws SQLException {
        String sql = "SELECT mid, at, outcome, latency_us FROM results WHERE at >= ? AND at < ?"
                + (mid.isPresent() ? " AND mid = ?" : "");
        Map<Key, Bucket> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (mid.isPresent()) {
                Sql.bind(ps, from, to, mid.get());
            } else {
                Sql.bind(ps, from, to);
            }
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Key k = new Key(rs.getLong(1), level.floor(rs.getLong(2)));
                    out.computeIfAbsent(k, x -> new Bucket()).add(Outcome.ofCode(rs.getInt(3)), rs.getLong(4));
                }
            }
        }
        return out;
    }

    /** Rollups of {@code finer} in [from, to), merged into buckets of {@code level}. */
    static Map<Key, Bucket> fromRollups(Connection c, Level level, long from, long to, Optional<Long> mid)
            throws SQLException {
        String sql =
                "SELECT mid, bucket, up, slow, degraded, down, unknown, latency_sum_us, latency_max_us, sketch FROM rollups "
                        + "WHERE level = ? AND bucket >= ? AND bucket < ?" + (mid.isPresent() ? " AND mid = ?" : "");
        Map<Key, Bucket> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (mid.isPresent()) {
                Sql.bind(ps, level.finer().code(), from, to, mid.get());
            } else {
                Sql.bind(ps, level.finer().code(), from, to);
            }
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Key k = new Key(rs.getLong(1), level.floor(rs.getLong(2)));
                    out.computeIfAbsent(k, x -> new Bucket()).merge(row(rs));
                }
            }
        }
        return out;
    }

    /** One monitor's rollups of {@code level} in [from, to), each as it is stored. */
    static List<Map.Entry<Long, Bucket>> read(Connection c, long mid, Level level, long from, long to)
            throws SQLException {
        return Sql.list(
                c,
                "SELECT mid, bucket, up, slow, degraded, down, unknown, latency_sum_us, latency_max_us, sketch FROM rollups "
                        + "WHERE mid = ? AND level = ? AND bucket >= ? AND bucket < ? ORDER BY bucket",
                rs -> Map.entry(rs.getLong(2), row(rs)),
                mid,
                level.code(),
                from,
                to);
    }

    private static Bucket row(ResultSet rs) throws SQLException {
        return row(rs, true);
    }

    /**
     * A rollup row selected as {@code mid, bucket, up, slow, degraded, down, unknown, latency_sum_us,
     * latency_max_us[, sketch]}; the sketch is read only when {@code withSketch}.
     */
    static Bucket row(ResultSet rs, boolean withSketch) throws SQLException {
        Bucket b = withSketch ? new Bucket(LatencySketch.decode(rs.getBytes(10))) : new Bucket();
        b.up = rs.getLong(3);
        b.slow = rs.getLong(4);
        b.degraded = rs.getLong(5);
        b.down = rs.getLong(6);
        b.unknown = rs.getLong(7);
        b.latencySumMicros = rs.getLong(8);
        b.latencyMaxMicros = rs.getLong(9);
        return b;
    }

    static void upsert(Connection c, Level level, Map<Key, Bucket> buckets) throws SQLException {
        if (buckets.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO rollups (mid, level, bucket, up, slow, degraded, down, unknown, latency_sum_us, latency_max_us, sketch) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (mid, level, bucket) DO UPDATE SET "
                        + "up = excluded.up, slow = excluded.slow, degraded = excluded.degraded, down = excluded.down, unknown = excluded.unknown, "
                        + "latency_sum_us = excluded.latency_sum_us, latency_max_us = excluded.latency_max_us, sketch = excluded.sketch")) {
            for (Map.Entry<Key, Bucket> e : buckets.entrySet()) {
                Bucket b = e.getValue();
                Sql.bind(
                        ps,
                        e.getKey().mid(),
                        level.code(),
                        e.getKey().bucket(),
                        b.up,
                        b.slow,
                        b.degraded,
                        b.down,
                        b.unknown,
                        b.latencySumMicros,
                        (int) Math.min(Integer.MAX_VALUE, b.latencyMaxMicros),
                        b.sketch.encode());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static void deleteBucket(Connection c, Level level, Key k) throws SQLException {
        Sql.update(
                c, "DELETE FROM rollups WHERE mid = ? AND level = ? AND bucket = ?", k.mid(), level.code(), k.bucket());
    }

    static void markDirty(Connection c, Level level, long mid, long bucket) throws SQLException {
        Sql.update(
                c,
                "INSERT INTO rollup_dirty (level, mid, bucket) VALUES (?, ?, ?) ON CONFLICT (level, mid, bucket) DO NOTHING",
                level.code(),
                mid,
                bucket);
    }

    static List<Key> dirty(Connection c, Level level, int limit) throws SQLException {
        return Sql.list(
                c,
                "SELECT mid, bucket FROM rollup_dirty WHERE level = ? ORDER BY bucket LIMIT ?",
                rs -> new Key(rs.getLong(1), rs.getLong(2)),
                level.code(),
                limit);
    }

    static void clearDirty(Connection c, Level level, Key k) throws SQLException {
        Sql.update(
                c,
                "DELETE FROM rollup_dirty WHERE level = ? AND mid = ? AND bucket = ?",
                level.code(),
                k.mid(),
                k.bucket());
    }

    /**
     * Locks a level's watermark row until the transaction ends, on PostgreSQL (SQLite has one writer
     * at a time anyway). The minute roll-up takes it exclusively before it reads raw results, and the
     * result writer shares it before it decides whether new results are late: otherwise a result
     * committed while a roll-up ran could be neither in the roll-up nor marked late, and be missing
     * from every long view once raw results expire.
     */
    static void lockProgress(Connection c, Dialect dialect, Level level, boolean exclusive) throws SQLException {
        String lock = dialect.lockRows(exclusive);
        if (!lock.isEmpty()) {
            Sql.one(
                    c,
                    "SELECT done_until FROM rollup_progress WHERE level = ?" + lock,
                    rs -> rs.getLong(1),
                    level.code());
        }
    }

    /** Results written after their minute was rolled up (they waited out a database outage). */
    static void markLate(Connection c, Dialect dialect, List<Map.Entry<Long, CheckResult>> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        lockProgress(c, dialect, Level.MINUTE, false);
        Optional<Long> done = doneUntil(c, Level.MINUTE);
        if (done.isEmpty()) {
            return;
        }
        for (Map.Entry<Long, CheckResult> e : rows) {
            long at = e.getValue().at().toEpochMilli();
            if (at < done.get()) {
                markDirty(c, Level.MINUTE, e.getKey(), Level.MINUTE.floor(at));
            }
        }
    }
}

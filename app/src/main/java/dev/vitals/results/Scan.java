package dev.vitals.results;

import dev.vitals.checks.Outcome;
import dev.vitals.store.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the stored counts of a time window, one monitor's or every monitor's at once, from the
 * coarsest pieces that fit ({@link WindowPlan}) but never coarser than asked: a chart of 24 hours in
 * ten-minute steps must not be handed whole days. Each stored row (a rollup bucket, or one raw result)
 * reaches the sink with the time it starts at.
 */
public final class Scan {
    /** Receives one stored row: a rollup bucket of {@code level} starting at {@code at}, or a raw result. */
    @FunctionalInterface
    public interface Sink {
        void row(long mid, long at, Level level, Bucket counts);
    }

    private Scan() {}

    /**
     * Every row of [from, to) for monitor {@code mid} (or every monitor when absent), read from levels
     * no coarser than {@code coarsest}. Latency sketches are decoded only when {@code sketches}.
     */
    public static void window(
            Connection c,
            Optional<Long> mid,
            long from,
            long to,
            Level coarsest,
            long now,
            Retention.Keep keep,
            boolean sketches,
            Sink sink)
            throws SQLException {
        Map<Level, Long> done = new EnumMap<>(Level.class);
        for (Level l : new Level[] {Level.MINUTE, Level.HOUR, Level.DAY}) {
            if (l.code() <= coarsest.code()) {
                RollupTables.doneUntil(c, l).ifPresent(d -> done.put(l, d));
            }
        }
        WindowPlan plan = new WindowPlan(done, keep.keptFrom(now));
        for (WindowPlan.Piece p : plan.plan(from, Math.min(to, now + 1))) {
            if (p.level() == Level.RAW) {
                raw(c, mid, p.from(), p.to(), sketches, sink);
            } else {
                rollups(c, mid, p.level(), p.from(), p.to(), sketches, sink);
            }
        }
    }

    private static void raw(Connection c, Optional<Long> mid, long from, long to, boolean sketches, Sink sink)
            throws SQLException {
        String sql = "SELECT mid, at, outcome, latency_us FROM results WHERE "
                + (mid.isPresent() ? "mid = ? AND " : "")
                + "at >= ? AND at < ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (mid.isPresent()) {
                Sql.bind(ps, mid.get(), from, to);
            } else {
                Sql.bind(ps, from, to);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Bucket one = new Bucket();
                    one.add(Outcome.ofCode(rs.getInt(3)), rs.getLong(4), sketches);
                    sink.row(rs.getLong(1), rs.getLong(2), Level.RAW, one);
                }
            }
        }
    }

    private static void rollups(
            Connection c, Optional<Long> mid, Level level, long from, long to, boolean sketches, Sink sink)
            throws SQLException {
        String sql = "SELECT mid, bucket, up, slow, degraded, down, unknown, latency_sum_us, latency_max_us"
                + (sketches ? ", sketch" : "")
                + " FROM rollups WHERE "
                + (mid.isPresent() ? "mid = ? AND " : "")
                + "level = ? AND bucket >= ? AND bucket < ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (mid.isPresent()) {
                Sql.bind(ps, mid.get(), level.code(), from, to);
            } else {
                Sql.bind(ps, level.code(), from, to);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Bucket b = RollupTables.row(rs, sketches);
                    sink.row(rs.getLong(1), rs.getLong(2), level, b);
                }
            }
        }
    }
}

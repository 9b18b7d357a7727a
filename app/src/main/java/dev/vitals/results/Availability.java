package dev.vitals.results;

import dev.vitals.checks.Outcome;
import dev.vitals.evaluation.State;
import dev.vitals.monitors.MonitorTable;
import dev.vitals.store.Database;
import dev.vitals.store.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How good a monitor was over a window: good and bad results (slow counts as bad), availability =
 * good / (good + bad), latency percentiles of the checks that got an answer, and how long the
 * monitor's state was unknown or pending (Vitals not running, or no confirmed result), which counts
 * neither way. Counts come from the coarsest stored pieces that fit ({@link WindowPlan}); unknown
 * time comes from the monitor's flips.
 */
public final class Availability {
    private final Database db;
    private final InstantSource clock;
    private final Retention.Keep keep;

    public record Report(
            String monitorId,
            Instant from,
            Instant to,
            long good,
            long bad,
            long slow,
            long degraded,
            long down,
            Duration unknown,
            OptionalDouble availability,
            Optional<LatencySketch> latency) {}

    public Availability(Database db, InstantSource clock, Retention.Keep keep) {
        this.db = db;
        this.clock = clock;
        this.keep = keep;
    }

    public Optional<Report> of(String monitorId, Instant from, Instant to) {
        return db.read(c -> {
            Optional<Long> mid = MonitorTable.midOf(c, monitorId);
            if (mid.isEmpty()) {
                return Optional.<Report>empty();
            }
            long now = clock.instant().toEpochMilli();
            Bucket total = new Bucket();
            for (WindowPlan.Piece p : plan(c, now).plan(from.toEpochMilli(), Math.min(to.toEpochMilli(), now))) {
                if (p.level() == Level.RAW) {
                    raw(c, mid.get(), p.from(), p.to(), total);
                } else {
                    for (Map.Entry<Long, Bucket> e : RollupTables.read(c, mid.get(), p.level(), p.from(), p.to())) {
                        total.merge(e.getValue());
                    }
                }
            }
            Duration unknown =
                    unknownTime(c, monitorId, mid.get(), from, Instant.ofEpochMilli(Math.min(to.toEpochMilli(), now)));
            long judged = total.good() + total.bad();
            return Optional.of(new Report(
                    monitorId,
                    from,
                    to,
                    total.good(),
                    total.bad(),
                    total.slow(),
                    total.degraded(),
                    total.down(),
                    unknown,
                    judged == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) total.good() / judged),
                    total.sketch().isEmpty() ? Optional.empty() : Optional.of(total.sketch())));
        });
    }

    private WindowPlan plan(Connection c, long now) throws SQLException {
        Map<Level, Long> done = new EnumMap<>(Level.class);
        for (Level l : new Level[] {Level.MINUTE, Level.HOUR, Level.DAY}) {
            RollupTables.doneUntil(c, l).ifPresent(d -> done.put(l, d));
        }
        return new WindowPlan(done, keep.keptFrom(now));
    }

    private static void raw(Connection c, long mid, long from, long to, Bucket into) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT outcome, latency_us FROM results WHERE mid = ? AND at >= ? AND at < ?")) {
            Sql.bind(ps, mid, from, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    into.add(Outcome.ofCode(rs.getInt(1)), rs.getLong(2));
                }
            }
        }
    }

    /** Time in [from, to) when the monitor existed and its state was pending or unknown. */
    private static Duration unknownTime(Connection c, String id, long mid, Instant from, Instant to)
            throws SQLException {
        if (!from.isBefore(to)) {
            return Duration.ZERO;
        }
        long created = MonitorTable.createdAt(c, id).orElse(from.toEpochMilli());
        long start = Math.max(from.toEpochMilli(), created);
        long end = to.toEpochMilli();
        if (start >= end) {
            return Duration.ZERO;
        }
        State state = ResultTables.flipAt(c, id, Instant.ofEpochMilli(start))
                .map(f -> f.to())
                .orElse(State.PENDING);
        List<long[]> changes = Sql.list(
                c,
                "SELECT at, to_state FROM flips WHERE mid = ? AND at > ? AND at < ? ORDER BY at, fid",
                rs -> new long[] {rs.getLong(1), State.ofWord(rs.getString(2)).ordinal()},
                mid,
                start,
                end);
        long unknown = 0;
        long at = start;
        for (long[] ch : changes) {
            if (state == State.PENDING || state == State.UNKNOWN) {
                unknown += ch[0] - at;
            }
            at = ch[0];
            state = State.values()[(int) ch[1]];
        }
        if (state == State.PENDING || state == State.UNKNOWN) {
            unknown += end - at;
        }
        return Duration.ofMillis(unknown);
    }
}

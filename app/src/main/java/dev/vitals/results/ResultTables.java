package dev.vitals.results;

import dev.vitals.checks.CheckResult;
import dev.vitals.checks.Outcome;
import dev.vitals.checks.Phase;
import dev.vitals.checks.Timings;
import dev.vitals.evaluation.Flip;
import dev.vitals.evaluation.MonitorStatus;
import dev.vitals.evaluation.State;
import dev.vitals.store.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL of the {@code results}, {@code flips} and {@code monitor_state} tables. */
public final class ResultTables {
    private static final String RESULT_COLUMNS =
            "at, outcome, latency_us, dns_us, connect_us, tls_us, first_byte_us, transfer_us, lateness_us, reason, cert_expiry";

    private ResultTables() {}

    static void insertResults(Connection c, List<Map.Entry<Long, CheckResult>> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO results (mid, " + RESULT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<Long, CheckResult> e : rows) {
                CheckResult r = e.getValue();
                Timings t = r.timings();
                Sql.bind(
                        ps,
                        e.getKey(),
                        r.at().toEpochMilli(),
                        r.outcome().code(),
                        micros(r.latency()),
                        t.get(Phase.DNS).map(ResultTables::micros),
                        t.get(Phase.CONNECT).map(ResultTables::micros),
                        t.get(Phase.TLS).map(ResultTables::micros),
                        t.get(Phase.FIRST_BYTE).map(ResultTables::micros),
                        t.get(Phase.TRANSFER).map(ResultTables::micros),
                        micros(r.lateness()),
                        r.reason().map(ResultTables::cap),
                        r.certificateExpiry().map(Instant::toEpochMilli));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static void insertFlip(Connection c, long mid, Flip f) throws SQLException {
        Sql.update(
                c,
                "INSERT INTO flips (mid, at, from_state, to_state, reason, causes) VALUES (?, ?, ?, ?, ?, ?)",
                mid,
                f.at().toEpochMilli(),
                f.from().word(),
                f.to().word(),
                cap(f.reason()),
                Causes.encode(f.causes()));
    }

    static void saveState(Connection c, long mid, MonitorStatus s, long now) throws SQLException {
        Sql.update(
                c,
                "INSERT INTO monitor_state (mid, state, since, reason, updated_at) VALUES (?, ?, ?, ?, ?) "
                        + "ON CONFLICT (mid) DO UPDATE SET state = excluded.state, since = excluded.since, reason = excluded.reason, updated_at = excluded.updated_at",
                mid,
                s.state().word(),
                s.since().toEpochMilli(),
                s.reason().map(ResultTables::cap),
                now);
    }

    /** Results of one monitor in [from, to), newest first. */
    public static List<CheckResult> results(Connection c, String id, Instant from, Instant to, int limit)
            throws SQLException {
        return Sql.list(
                c,
                "SELECT " + RESULT_COLUMNS
                        + " FROM results WHERE mid = (SELECT mid FROM monitors WHERE id = ?) AND at >= ? AND at < ? ORDER BY at DESC LIMIT ?",
                rs -> result(id, rs),
                id,
                from.toEpochMilli(),
                to.toEpochMilli(),
                limit);
    }

    /** The newest result of a monitor. */
    /** When the newest stored result of any monitor was taken: proof that Vitals ran until then. */
    public static Optional<Instant> newestResultAt(Connection c) throws SQLException {
        return Sql.one(c, "SELECT max(at) FROM results", rs -> {
            long v = rs.getLong(1);
            return rs.wasNull() ? null : Instant.ofEpochMilli(v);
        });
    }

    public static Optional<CheckResult> latest(Connection c, String id) throws SQLException {
        return Sql.one(
                c,
                "SELECT " + RESULT_COLUMNS
                        + " FROM results WHERE mid = (SELECT mid FROM monitors WHERE id = ?) ORDER BY at DESC LIMIT 1",
                rs -> result(id, rs),
                id);
    }

    /** Flips, newest first; of one monitor when {@code id} is given. */
    public static List<StoredFlip> flips(Connection c, Optional<String> id, Instant from, Instant to, int limit)
            throws SQLException {
        String sql =
                "SELECT f.fid, m.id, f.at, f.from_state, f.to_state, f.reason, f.causes FROM flips f JOIN monitors m ON m.mid = f.mid "
                        + "WHERE f.at >= ? AND f.at < ?" + (id.isPresent() ? " AND m.id = ?" : "")
                        + " ORDER BY f.at DESC, f.fid DESC LIMIT ?";
        Object[] params = id.isPresent()
                ? new Object[] {from.toEpochMilli(), to.toEpochMilli(), id.get(), limit}
                : new Object[] {from.toEpochMilli(), to.toEpochMilli(), limit};
        return Sql.list(
                c,
                sql,
                rs -> new StoredFlip(
                        rs.getLong(1),
                        new Flip(
                                rs.getString(2),
                                Instant.ofEpochMilli(rs.getLong(3)),
                                State.ofWord(rs.getString(4)),
                                State.ofWord(rs.getString(5)),
                                Optional.ofNullable(rs.getString(6)).orElse(""),
                                Causes.decode(rs.getString(7)))),
                params);
    }

    /** The flip in force at {@code at} (the newest at or before it), for state timelines. */
    public static Optional<Flip> flipAt(Connection c, String id, Instant at) throws SQLException {
        return Sql.one(
                c,
                "SELECT f.at, f.from_state, f.to_state, f.reason FROM flips f WHERE f.mid = (SELECT mid FROM monitors WHERE id = ?) AND f.at <= ? ORDER BY f.at DESC, f.fid DESC LIMIT 1",
                rs -> new Flip(
                        id,
                        Instant.ofEpochMilli(rs.getLong(1)),
                        State.ofWord(rs.getString(2)),
                        State.ofWord(rs.getString(3)),
                        Optional.ofNullable(rs.getString(4)).orElse(""),
                        List.of()),
                id,
                at.toEpochMilli());
    }

    /** Saved states of all monitors, by id, as they were when Vitals last wrote them. */
    public static Map<String, MonitorStatus> states(Connection c) throws SQLException {
        Map<String, MonitorStatus> out = new java.util.HashMap<>();
        for (var row : Sql.list(
                c,
                "SELECT m.id, s.state, s.since, s.reason FROM monitor_state s JOIN monitors m ON m.mid = s.mid",
                rs -> Map.entry(
                        rs.getString(1),
                        new MonitorStatus(
                                State.ofWord(rs.getString(2)),
                                Instant.ofEpochMilli(rs.getLong(3)),
                                Optional.ofNullable(rs.getString(4)),
                                List.of())))) {
            out.put(row.getKey(), row.getValue());
        }
        return out;
    }

    static CheckResult result(String id, ResultSet rs) throws SQLException {
        Timings.Builder t = Timings.builder();
        phase(rs, "dns_us", Phase.DNS, t);
        phase(rs, "connect_us", Phase.CONNECT, t);
        phase(rs, "tls_us", Phase.TLS, t);
        phase(rs, "first_byte_us", Phase.FIRST_BYTE, t);
        phase(rs, "transfer_us", Phase.TRANSFER, t);
        return new CheckResult(
                id,
                Instant.ofEpochMilli(rs.getLong("at")),
                Outcome.ofCode(rs.getInt("outcome")),
                Duration.ofNanos(rs.getLong("latency_us") * 1000),
                t.build(),
                Optional.ofNullable(rs.getString("reason")),
                Sql.optionalLong(rs, "cert_expiry").map(Instant::ofEpochMilli),
                Duration.ofNanos(rs.getLong("lateness_us") * 1000));
    }

    private static void phase(ResultSet rs, String column, Phase p, Timings.Builder t) throws SQLException {
        Sql.optionalLong(rs, column).ifPresent(us -> t.add(p, Duration.ofNanos(us * 1000)));
    }

    /** Microseconds, capped to fit an INTEGER column (35 minutes). */
    static int micros(Duration d) {
        long us = d.toNanos() / 1000;
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, us));
    }

    /**
     * Reasons are for people; a kilobyte says all that is useful and keeps rows small. Control
     * characters, which can come from what a target sent, are replaced: PostgreSQL refuses a NUL in
     * text, and one such row would fail every batch it is in.
     */
    static String cap(String s) {
        String capped = s.length() <= 1000 ? s : s.substring(0, 997) + "...";
        StringBuilder out = null;
        for (int i = 0; i < capped.length(); i++) {
            char ch = capped.charAt(i);
            if (Character.isISOControl(ch) || Character.isSurrogate(ch) && !validSurrogate(capped, i)) {
                if (out == null) {
                    out = new StringBuilder(capped.length()).append(capped, 0, i);
                }
                out.append(ch == '\n' || ch == '\r' || ch == '\t' ? ' ' : '\uFFFD');
            } else if (out != null) {
                out.append(ch);
            }
        }
        return out == null ? capped : out.toString();
    }

    private static boolean validSurrogate(String s, int i) {
        char ch = s.charAt(i);
        if (Character.isHighSurrogate(ch)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}

package dev.vitals.push;

import dev.vitals.store.Database;
import dev.vitals.store.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The tables {@code push_pings} and {@code push_keys}. */
public final class PingStore {
    /** A stored ping with its row number, which orders pings of one monitor as they were taken. */
    public record Stored(long pid, Ping ping) {}

    private final Database db;

    public PingStore(Database db) {
        this.db = db;
    }

    /** Writes {@code pings} in one transaction: each is durable when this returns. */
    public void insert(List<Ping> pings) {
        db.write(c -> {
            insert(c, pings);
            return null;
        });
    }

    public static void insert(Connection c, List<Ping> pings) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO push_pings (monitor_id, at, kind, exit_status, rid, body, truncated, source)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Ping p : pings) {
                Sql.bind(
                        ps,
                        p.monitorId(),
                        p.at().toEpochMilli(),
                        p.kind().word(),
                        p.exitStatus(),
                        p.rid(),
                        p.body(),
                        p.truncated() ? 1 : 0,
                        p.source());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The last {@code limit} pings of a monitor, newest first. */
    public List<Stored> recent(String monitorId, int limit) {
        return db.read(c -> Sql.list(
                c,
                "SELECT pid, monitor_id, at, kind, exit_status, rid, body, truncated, source FROM push_pings"
                        + " WHERE monitor_id = ? ORDER BY pid DESC LIMIT ?",
                PingStore::stored,
                monitorId,
                limit));
    }

    /**
     * Per monitor, what a restart needs to know: its pings since (and including) its last ending one,
     * oldest first; a monitor never pinged is absent.
     */
    public Map<String, List<Ping>> sinceLastEnd() {
        return db.read(c -> {
            Map<String, List<Ping>> out = new HashMap<>();
            List<Stored> rows = Sql.list(
                    c,
                    "SELECT p.pid, p.monitor_id, p.at, p.kind, p.exit_status, p.rid, '' AS body, p.truncated, p.source"
                            + " FROM push_pings p WHERE p.kind <> 'log' AND p.pid >= COALESCE((SELECT MAX(e.pid)"
                            + " FROM push_pings e WHERE e.monitor_id = p.monitor_id AND e.kind IN ('success', 'fail')), 0)"
                            + " ORDER BY p.monitor_id, p.pid",
                    PingStore::stored);
            for (Stored s : rows) {
                out.computeIfAbsent(s.ping().monitorId(), k -> new ArrayList<>())
                        .add(s.ping());
            }
            return out;
        });
    }

    /**
     * Keeps the last {@code runs} ending pings of each monitor and everything after the oldest of
     * them; deletes older pings. Returns how many were deleted.
     */
    public int prune(int runs) {
        return db.write(c -> Sql.update(
                c,
                "DELETE FROM push_pings WHERE pid < (SELECT e.pid FROM push_pings e"
                        + " WHERE e.monitor_id = push_pings.monitor_id AND e.kind IN ('success', 'fail')"
                        + " ORDER BY e.pid DESC LIMIT 1 OFFSET ?)",
                runs - 1));
    }

    /** The stored key of each monitor that has one made by Vitals. */
    public Map<String, UUID> keys() {
        return db.read(c -> {
            Map<String, UUID> out = new HashMap<>();
            for (String[] row : Sql.list(c, "SELECT monitor_id, ping_key FROM push_keys", rs ->
                    new String[] {rs.getString(1), rs.getString(2)})) {
                out.put(row[0], UUID.fromString(row[1]));
            }
            return out;
        });
    }

    /** The key made for {@code monitorId}: the stored one, or {@code fresh}, stored now. */
    public UUID keyFor(String monitorId, UUID fresh, Instant now) {
        return db.write(c -> {
            // Two nodes may make one at once: the first stored wins, and both read it.
            Sql.update(
                    c,
                    "INSERT INTO push_keys (monitor_id, ping_key, created_at) VALUES (?, ?, ?)"
                            + " ON CONFLICT (monitor_id) DO NOTHING",
                    monitorId,
                    fresh.toString(),
                    now.toEpochMilli());
            return UUID.fromString(
                    Sql.one(c, "SELECT ping_key FROM push_keys WHERE monitor_id = ?", rs -> rs.getString(1), monitorId)
                            .orElseThrow());
        });
    }

    private static Stored stored(ResultSet rs) throws SQLException {
        int exit = rs.getInt("exit_status");
        Optional<Integer> exitStatus = rs.wasNull() ? Optional.empty() : Optional.of(exit);
        return new Stored(
                rs.getLong("pid"),
                new Ping(
                        rs.getString("monitor_id"),
                        Instant.ofEpochMilli(rs.getLong("at")),
                        Ping.Kind.ofWord(rs.getString("kind")),
                        exitStatus,
                        Optional.ofNullable(rs.getString("rid")),
                        rs.getString("body"),
                        rs.getInt("truncated") != 0,
                        rs.getString("source")));
    }
}

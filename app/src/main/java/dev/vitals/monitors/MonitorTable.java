package dev.vitals.monitors;

import dev.vitals.store.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The {@code monitors} table: every monitor ever known, by id, with a small number ({@code mid}) that
 * results and rollups use instead of the id, and the definitions of monitors created through the API.
 * Rows are never deleted, so that history stays attached to its monitor; a removed monitor gets
 * {@code removed_at}.
 */
public final class MonitorTable {
    private MonitorTable() {}

    /**
     * A monitor created through the API, as stored: its id, the JSON body that defined it, and
     * whether a non-admin wrote it last ({@link Origin.Api#restricted()}).
     */
    public record ApiDefinition(String id, String json, boolean restricted) {}

    /** The mid of {@code id}, inserting the row if it is new. */
    public static long ensure(Connection c, String id, String origin, long now) throws SQLException {
        Optional<Long> mid = midOf(c, id);
        if (mid.isPresent()) {
            return mid.get();
        }
        Sql.update(
                c,
                "INSERT INTO monitors (id, origin, created_at, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                id,
                origin,
                now,
                now);
        return midOf(c, id).orElseThrow(() -> new SQLException("monitor row for " + id + " vanished"));
    }

    public static Optional<Long> midOf(Connection c, String id) throws SQLException {
        return Sql.one(c, "SELECT mid FROM monitors WHERE id = ?", rs -> rs.getLong(1), id);
    }

    /** The row number of every monitor not removed, by its id. */
    public static java.util.Map<String, Long> active(Connection c) throws SQLException {
        java.util.Map<String, Long> out = new java.util.HashMap<>();
        for (var e : Sql.list(
                c,
                "SELECT id, mid FROM monitors WHERE removed_at IS NULL",
                rs -> java.util.Map.entry(rs.getString(1), rs.getLong(2)))) {
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    /**
     * Records where a monitor now comes from; a file monitor has no stored definition and is never
     * restricted.
     */
    public static void upsert(
            Connection c, String id, String origin, Optional<String> definition, boolean restricted, long now)
            throws SQLException {
        ensure(c, id, origin, now);
        Sql.update(
                c,
                "UPDATE monitors SET origin = ?, definition = ?, restricted = ?, updated_at = ?, removed_at = NULL"
                        + " WHERE id = ?",
                origin,
                definition,
                restricted,
                now,
                id);
    }

    public static void markRemoved(Connection c, String id, long now) throws SQLException {
        Sql.update(
                c,
                "UPDATE monitors SET removed_at = ?, definition = NULL, updated_at = ? WHERE id = ? AND removed_at IS NULL",
                now,
                now,
                id);
    }

    public static List<ApiDefinition> apiDefinitions(Connection c) throws SQLException {
        return Sql.list(
                c,
                "SELECT id, definition, restricted FROM monitors"
                        + " WHERE origin = 'api' AND removed_at IS NULL AND definition IS NOT NULL ORDER BY id",
                rs -> new ApiDefinition(rs.getString(1), rs.getString(2), rs.getBoolean(3)));
    }

    public static Optional<String> definition(Connection c, String id) throws SQLException {
        return Sql.one(
                c, "SELECT definition FROM monitors WHERE id = ? AND removed_at IS NULL", rs -> rs.getString(1), id);
    }

    /** Created time of a monitor, for "pending since". */
    public static Optional<Long> createdAt(Connection c, String id) throws SQLException {
        return Sql.one(c, "SELECT created_at FROM monitors WHERE id = ?", rs -> rs.getLong(1), id);
    }
}

package dev.vitals.maintenance;

import dev.vitals.store.Database;
import dev.vitals.store.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code maintenances} table: windows made through the API, their definitions as JSON. */
public final class MaintenanceStore {
    /** One row; {@code definition} is the window as JSON, with the keys of the file. */
    public record Row(
            String id,
            String name,
            String definition,
            String createdBy,
            Instant createdAt,
            Optional<Instant> endedAt) {}

    private final Database db;

    public MaintenanceStore(Database db) {
        this.db = db;
    }

    /**
     * Saves a new window. An ended window of the same name gives its name up (its creation and end
     * stay in the audit log); a window of that name that has not ended is a conflict: false.
     */
    public boolean insert(Row r) {
        return db.write(c -> {
            Sql.update(c, "DELETE FROM maintenances WHERE name = ? AND ended_at IS NOT NULL", r.name());
            if (Sql.one(c, "SELECT mid FROM maintenances WHERE name = ?", rs -> rs.getString(1), r.name())
                    .isPresent()) {
                return false;
            }
            Sql.update(
                    c,
                    "INSERT INTO maintenances (mid, name, definition, created_by, created_at, ended_at)"
                            + " VALUES (?, ?, ?, ?, ?, NULL)",
                    r.id(),
                    r.name(),
                    r.definition(),
                    r.createdBy(),
                    r.createdAt().toEpochMilli());
            return true;
        });
    }

    /** Ends the window at {@code now} unless it has ended already; true when it changed. */
    public boolean end(String name, Instant now) {
        return db.write(c -> Sql.update(
                        c,
                        "UPDATE maintenances SET ended_at = ? WHERE name = ? AND ended_at IS NULL",
                        now.toEpochMilli(),
                        name))
                > 0;
    }

    public List<Row> all() {
        return db.read(c -> Sql.list(
                c,
                "SELECT mid, name, definition, created_by, created_at, ended_at FROM maintenances ORDER BY name",
                MaintenanceStore::row));
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(
                rs.getString("mid"),
                rs.getString("name"),
                rs.getString("definition"),
                rs.getString("created_by"),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                Sql.optionalLong(rs, "ended_at").map(Instant::ofEpochMilli));
    }
}

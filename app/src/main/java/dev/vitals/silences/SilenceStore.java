package dev.vitals.silences;

import dev.vitals.store.Database;
import dev.vitals.store.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@code silences} table. Times are epoch milliseconds; the same SQL serves SQLite and
 * PostgreSQL, so there is no dialect seam here.
 */
public final class SilenceStore {
    private static final String COLUMNS =
            "sid, matchers, starts_at, ends_at, created_by, comment, created_at, updated_at";

    private final Database db;

    public SilenceStore(Database db) {
        this.db = db;
    }

    public void insert(Silence s) {
        db.write(c -> Sql.update(
                c,
                "INSERT INTO silences (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                s.id(),
                Matchers.toJson(s.matchers()),
                s.startsAt().toEpochMilli(),
                s.endsAt().toEpochMilli(),
                s.createdBy(),
                s.comment(),
                s.createdAt().toEpochMilli(),
                s.updatedAt().toEpochMilli()));
    }

    /**
     * Ends the silence at {@code now} unless it has ended already; a pending one ends before it
     * starts, so its start moves to {@code now} too (a silence never ends before it starts).
     * True when it changed.
     */
    public boolean expire(String id, Instant now) {
        long t = now.toEpochMilli();
        return db.write(c -> Sql.update(
                        c,
                        "UPDATE silences SET ends_at = ?, starts_at = CASE WHEN starts_at > ? THEN ? ELSE starts_at END,"
                                + " updated_at = ? WHERE sid = ? AND ends_at > ?",
                        t,
                        t,
                        t,
                        t,
                        id,
                        t))
                > 0;
    }

    public Optional<Silence> get(String id) {
        return db.read(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM silences WHERE sid = ?", SilenceStore::row, id));
    }

    /** The silences that have not ended at {@code now}: active and pending ones. */
    public List<Silence> current(Instant now) {
        return db.read(c -> Sql.list(
                c,
                "SELECT " + COLUMNS + " FROM silences WHERE ends_at > ? ORDER BY starts_at, sid",
                SilenceStore::row,
                now.toEpochMilli()));
    }

    /** Silences that ended at or before {@code now}, the latest first, at most {@code limit}. */
    public List<Silence> expired(Instant now, int limit) {
        return db.read(c -> Sql.list(
                c,
                "SELECT " + COLUMNS + " FROM silences WHERE ends_at <= ? ORDER BY ends_at DESC, sid LIMIT ?",
                SilenceStore::row,
                now.toEpochMilli(),
                limit));
    }

    private static Silence row(ResultSet rs) throws SQLException {
        return new Silence(
                rs.getString("sid"),
                Matchers.fromStored(rs.getString("matchers")),
                Instant.ofEpochMilli(rs.getLong("starts_at")),
                Instant.ofEpochMilli(rs.getLong("ends_at")),
                rs.getString("created_by"),
                rs.getString("comment"),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("updated_at")));
    }
}

package dev.vitals.alerting;

import dev.vitals.store.Database;
import dev.vitals.store.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The tables {@code api_receivers} and {@code api_routes}: the receivers and routes made through the
 * API, as the JSON they were sent in. Every change goes through {@link #change}, which first bumps the
 * version of the one {@code api_routes} row: that row lock makes changes on any node happen one after
 * another, so that a change is checked against the state it replaces.
 */
public final class ReceiverStore {
    /** A receiver made through the API; {@code definition} is its JSON with the keys of the file. */
    public record Row(
            String name, String definition, String createdBy, Instant createdAt, String updatedBy, Instant updatedAt) {}

    /** The API's routes, when it has any: their JSON, who set them and when. */
    public record Routes(String definition, String updatedBy, Instant updatedAt) {}

    /** Everything the API has made, at one version. */
    public record State(List<Row> receivers, Optional<Routes> routes, long version) {
        public State {
            receivers = List.copyOf(receivers);
        }

        public Optional<Row> receiver(String name) {
            return receivers.stream().filter(r -> r.name().equals(name)).findFirst();
        }
    }

    /** A change, given the state it applies to; it writes with the static methods of this class. */
    @FunctionalInterface
    public interface Change<T> {
        T apply(Connection c, State before) throws SQLException;
    }

    private final Database db;

    public ReceiverStore(Database db) {
        this.db = db;
    }

    public State read() {
        return db.read(ReceiverStore::read);
    }

    /** Runs {@code change} in one transaction, after every other change of any node. */
    public <T> T change(Change<T> change) {
        return db.write(c -> {
            Sql.update(c, "UPDATE api_routes SET version = version + 1 WHERE id = 1");
            return change.apply(c, read(c));
        });
    }

    public static void insert(Connection c, Row r) throws SQLException {
        Sql.update(
                c,
                "INSERT INTO api_receivers (name, definition, created_by, created_at, updated_by, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)",
                r.name(),
                r.definition(),
                r.createdBy(),
                r.createdAt().toEpochMilli(),
                r.updatedBy(),
                r.updatedAt().toEpochMilli());
    }

    public static void replace(Connection c, String name, String definition, String by, Instant at)
            throws SQLException {
        Sql.update(
                c,
                "UPDATE api_receivers SET definition = ?, updated_by = ?, updated_at = ? WHERE name = ?",
                definition,
                by,
                at.toEpochMilli(),
                name);
    }

    public static void delete(Connection c, String name) throws SQLException {
        Sql.update(c, "DELETE FROM api_receivers WHERE name = ?", name);
    }

    /** Sets the API's routes, or removes them when {@code routes} is empty. */
    public static void routes(Connection c, Optional<Routes> routes) throws SQLException {
        Sql.update(
                c,
                "UPDATE api_routes SET definition = ?, updated_by = ?, updated_at = ? WHERE id = 1",
                routes.map(Routes::definition),
                routes.map(Routes::updatedBy),
                routes.map(r -> r.updatedAt().toEpochMilli()));
    }

    private static State read(Connection c) throws SQLException {
        List<Row> receivers = Sql.list(
                c,
                "SELECT name, definition, created_by, created_at, updated_by, updated_at FROM api_receivers"
                        + " ORDER BY name",
                ReceiverStore::row);
        record Top(Optional<Routes> routes, long version) {}
        Top top = Sql.one(c, "SELECT definition, updated_by, updated_at, version FROM api_routes WHERE id = 1", rs -> {
                    String definition = rs.getString("definition");
                    Optional<Routes> routes = definition == null
                            ? Optional.empty()
                            : Optional.of(new Routes(
                                    definition,
                                    rs.getString("updated_by"),
                                    Instant.ofEpochMilli(rs.getLong("updated_at"))));
                    return new Top(routes, rs.getLong("version"));
                })
                .orElse(new Top(Optional.empty(), 0));
        return new State(receivers, top.routes(), top.version());
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(
                rs.getString("name"),
                rs.getString("definition"),
                rs.getString("created_by"),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                rs.getString("updated_by"),
                Instant.ofEpochMilli(rs.getLong("updated_at")));
    }
}

package dev.vitals.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The databases contract tests run against. PostgreSQL is the machine's server at 127.0.0.1:5432
 * (database {@code test}) when it answers, else an embedded PostgreSQL started once per test run.
 * Which one is used is printed, and if neither can be had the test fails: a contract suite must
 * never be skipped silently. Each test gets its own schema, dropped afterwards.
 */
public final class TestDatabases {
    private static final String LOCAL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    private static String serverUrl;
    private static EmbeddedPostgres embedded;

    private TestDatabases() {}

    /** A JDBC URL of a PostgreSQL server for tests, without a schema. */
    public static synchronized String postgresServer() {
        if (serverUrl != null) {
            return serverUrl;
        }
        try (Connection c = DriverManager.getConnection(LOCAL + "&connectTimeout=2")) {
            c.isValid(2);
            serverUrl = LOCAL;
            System.err.println("[test databases] PostgreSQL: the server at 127.0.0.1:5432");
        } catch (SQLException local) {
            try {
                embedded = EmbeddedPostgres.builder().start();
                serverUrl = "jdbc:postgresql://127.0.0.1:" + embedded.getPort() + "/postgres?user=postgres";
                System.err.println("[test databases] PostgreSQL: embedded on port " + embedded.getPort()
                        + " (127.0.0.1:5432 did not answer: " + local.getMessage() + ")");
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "no PostgreSQL for tests: 127.0.0.1:5432 did not answer (" + local.getMessage()
                                + ") and the embedded one did not start",
                        e);
            }
        }
        return serverUrl;
    }

    /** A fresh, empty schema on the test PostgreSQL; drop it with {@link #dropSchema}. */
    public static String newPostgresSchemaUrl(String schema) {
        String server = postgresServer();
        try (Connection c = DriverManager.getConnection(server);
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create schema " + schema, e);
        }
        return server + "&currentSchema=" + schema;
    }

    public static void dropSchema(String schema) {
        try (Connection c = DriverManager.getConnection(postgresServer());
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop schema " + schema, e);
        }
    }

    public static String uniqueSchema() {
        return "t_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
    }

    /** A database for one test of the given backend ("sqlite" or "postgres"). */
    public static Handle open(String backend, Path tempDir) {
        return switch (backend) {
            case "sqlite" -> new Handle(backend, java.util.Optional.empty(), tempDir, null);
            case "postgres" -> {
                String schema = uniqueSchema();
                yield new Handle(backend, java.util.Optional.of(newPostgresSchemaUrl(schema)), tempDir, schema);
            }
            default -> throw new IllegalArgumentException(backend);
        };
    }

    /** The URL (empty for the embedded database) and data folder to open a database with. */
    public record Handle(String backend, java.util.Optional<String> url, Path dataDir, String schema)
            implements AutoCloseable {
        public dev.vitals.store.Database open() {
            return dev.vitals.store.Database.open(url, dataDir);
        }

        @Override
        public void close() {
            if (schema != null) {
                dropSchema(schema);
            }
        }
    }
}

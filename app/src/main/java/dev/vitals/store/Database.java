package dev.vitals.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The connection pool and migrations for one database, and the only way the rest of Vitals runs
 * SQL: {@link #read} for queries (autocommit), {@link #write} for transactions.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource pool;
    private final Dialect dialect;
    private final String description;
    /**
     * SQLite takes one writer at a time. Left to SQLite, a second writer polls with its busy handler,
     * which sleeps in steps of up to 100 ms, so a write that finds the database busy waits far longer
     * than the write before it takes (a ping waiting behind a batch of results). Writers of this
     * process queue here instead, in order, and each starts the moment the one before commits; the
     * busy timeout is left for another process on the same file. PostgreSQL takes writers together.
     */
    private final Optional<ReentrantLock> writers;

    private static final long BUSY_TIMEOUT_MILLIS = 10_000;

    /** SQLite only: checkpoints the write-ahead log off the writers' path. */
    private final Optional<Checkpointer> checkpointer;

    private Database(HikariDataSource pool, Dialect dialect, String description) {
        this.pool = pool;
        this.dialect = dialect;
        this.description = description;
        this.writers = dialect instanceof Dialect.Sqlite ? Optional.of(new ReentrantLock(true)) : Optional.empty();
        this.checkpointer = writers.map(w -> new Checkpointer(pool.getJdbcUrl(), w, Checkpointer.RESTART_AT).start());
    }

    /**
     * Opens the database named by {@code jdbcUrl}, or the embedded one in {@code dataDir} when empty,
     * and migrates it to the current schema. Fails with a {@link StoreException} saying what is wrong.
     */
    public static Database open(Optional<String> jdbcUrl, Path dataDir) {
        if (jdbcUrl.isEmpty() || jdbcUrl.get().startsWith("jdbc:sqlite:")) {
            Path file = jdbcUrl.map(u -> Path.of(u.substring("jdbc:sqlite:".length())))
                    .orElse(dataDir.resolve("vitals.db"));
            return openSqlite(file);
        }
        if (jdbcUrl.get().startsWith("jdbc:postgresql:")) {
            return openPostgres(jdbcUrl.get());
        }
        throw new StoreException(
                "unsupported database URL; use jdbc:postgresql://HOST:PORT/DB or leave it out for the embedded database");
    }

    private static Database openSqlite(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                Files.createDirectories(parent);
                // The database holds the secrets of monitors made through the API: owner only.
                if (parent.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    Files.setPosixFilePermissions(
                            parent, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
                }
            }
        } catch (IOException e) {
            throw new StoreException(
                    "cannot create the data folder " + file.toAbsolutePath().getParent() + ": " + e.getMessage(), e);
        }
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName("vitals-sqlite");
        cfg.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath());
        // WAL lets readers go on while the writer writes; synchronous=FULL makes a commit survive power
        // loss, and costs little because results are written in batches. IMMEDIATE transactions take
        // the write lock at BEGIN, so two writers wait for each other instead of failing midway.
        cfg.addDataSourceProperty("journal_mode", "WAL");
        cfg.addDataSourceProperty("synchronous", "FULL");
        cfg.addDataSourceProperty("busy_timeout", Long.toString(BUSY_TIMEOUT_MILLIS));
        cfg.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        cfg.addDataSourceProperty("foreign_keys", "true");
        // Writers never checkpoint: the Checkpointer does, from a thread of its own.
        cfg.setConnectionInitSql("PRAGMA wal_autocheckpoint=0");
        cfg.setMaximumPoolSize(4);
        cfg.setConnectionTimeout(10_000);
        return migrate(new Dialect.Sqlite(), cfg, "SQLite database " + file.toAbsolutePath());
    }

    private static Database openPostgres(String url) {
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName("vitals-postgres");
        cfg.setJdbcUrl(url);
        cfg.setMaximumPoolSize(10);
        // Fail fast when the database is away: results wait in memory, not in a connection queue.
        cfg.setConnectionTimeout(3_000);
        cfg.setValidationTimeout(2_000);
        cfg.addDataSourceProperty("connectTimeout", "5");
        cfg.addDataSourceProperty("socketTimeout", "60");
        cfg.addDataSourceProperty("tcpKeepAlive", "true");
        cfg.addDataSourceProperty("ApplicationName", "vitals");
        return migrate(new Dialect.Postgres(), cfg, "PostgreSQL database " + redact(url));
    }

    private static Database migrate(Dialect dialect, HikariConfig cfg, String description) {
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(cfg);
        } catch (RuntimeException e) {
            throw new StoreException("cannot open the " + description + ": " + rootMessage(e), e);
        }
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations(dialect.migrations())
                    .loggers("slf4j")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            pool.close();
            throw new StoreException("cannot migrate the " + description + ": " + rootMessage(e), e);
        }
        return new Database(pool, dialect, description);
    }

    public Dialect dialect() {
        return dialect;
    }

    public DataSource dataSource() {
        return pool;
    }

    public String description() {
        return description;
    }

    /** Runs queries on a connection in autocommit mode. */
    public <T> T read(Sql.Work<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.apply(c);
        } catch (SQLException e) {
            throw new StoreException("database read failed: " + e.getMessage(), e);
        }
    }

    /** Runs {@code work} in one transaction: all of it is committed, or none of it. */
    public <T> T write(Sql.Work<T> work) {
        // The turn is taken before the connection, so that a writer waiting for its turn holds no
        // connection a reader needs.
        boolean turn = writers.isPresent() && takeTurn(writers.get());
        try {
            return transaction(work);
        } finally {
            if (turn) {
                writers.get().unlock();
            }
        }
    }

    /**
     * Waits for the turn as long as SQLite's busy timeout would; past it (a write that waits, inside
     * its transaction, for another thread's write would otherwise wait for ever) the write goes on
     * without it and SQLite's busy handler decides, as it did before the turns.
     */
    private static boolean takeTurn(ReentrantLock lock) {
        try {
            return lock.tryLock(BUSY_TIMEOUT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private <T> T transaction(Sql.Work<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("database write failed: " + e.getMessage(), e);
        }
    }

    /** Whether the database answers a trivial query now. */
    public boolean ping() {
        try (Connection c = pool.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        checkpointer.ifPresent(Checkpointer::close);
        pool.close();
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // The connection is probably gone; the transaction dies with it.
        }
    }

    /** A JDBC URL without its password parameter, for messages. */
    public static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1******").replaceAll("//([^/@:]+):([^/@]+)@", "//$1:******@");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return redact(m);
    }
}

package dev.vitals.checks.db;

import dev.vitals.checks.Deadline;
import dev.vitals.checks.Phase;
import dev.vitals.checks.Probe;
import dev.vitals.checks.Timings;
import dev.vitals.checks.Verdict;
import dev.vitals.checks.db.SqlErrors.Stage;
import dev.vitals.monitors.SqlTarget;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One SQL check. The work runs on a virtual thread of its own while the caller waits for it until
 * the deadline; at the deadline the caller gives up, reports the step that was running, and aborts
 * the connection if there is one. This is the only way to meet a sub-second deadline: PostgreSQL's
 * connect, socket and query timeouts count whole seconds, and neither driver can be interrupted
 * while it waits for a server that says nothing. The drivers' own timeouts are still set, rounded
 * up, so that an abandoned worker ends soon after the deadline instead of hanging forever.
 *
 * <p>The worker and the caller share only the phase timings (guarded by their own lock), the step
 * being run, the connection and the abandoned flag. Both sides check the other's half of the
 * hand-over (connection set, then abandoned read; abandoned set, then connection read), so a
 * connection that arrives just after the deadline is closed by whichever side sees it last.
 */
final class SqlRun {
    /** Rows read at most, unless {@code rows_at_least} asks for more. */
    static final int ROW_CAP = 10_000;

    private static final int ROW_CAP_MAX = 1_000_000;

    private final Driver driver;
    private final SqlTarget target;
    private final Deadline deadline;
    private final JdbcUrl url;
    private final List<String> secrets;
    private final Timings.Builder timings = Timings.builder();
    private final AtomicReference<Connection> connection = new AtomicReference<>();
    private final AtomicReference<Statement> statement = new AtomicReference<>();
    private volatile Stage stage = Stage.CONNECTING;
    private volatile boolean abandoned;

    SqlRun(Driver driver, SqlTarget target, Deadline deadline) {
        this.driver = driver;
        this.target = target;
        this.deadline = deadline;
        this.url = JdbcUrl.parse(target.engine(), target.url());
        List<String> s = new ArrayList<>(url.secrets());
        target.password().ifPresent(p -> s.add(p.reveal()));
        this.secrets = List.copyOf(s);
    }

    Probe run() {
        FutureTask<Probe> task = new FutureTask<>(this::work);
        Thread.ofVirtual().name("sql-check").start(task);
        try {
            return task.get(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abandon();
            return Probe.failed(SqlErrors.timedOut(deadline, stage, url), deadline.elapsed(), timings());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon();
            return Probe.failed("check interrupted while " + stage.words(url), deadline.elapsed(), timings());
        } catch (ExecutionException e) {
            // work() turns every failure into a probe; reaching here is a bug, still told in words.
            return Probe.failed(
                    Reasons.clean("check failed unexpectedly: " + e.getCause(), secrets),
                    deadline.elapsed(),
                    timings());
        }
    }

    private Probe work() {
        try {
            Properties properties = properties();
            start(Phase.CONNECT);
            Connection c = driver.connect(url.driverUrl(), properties);
            end(Phase.CONNECT);
            if (c == null) {
                return Probe.failed(
                        "the " + target.engine().kind() + " driver does not accept this URL",
                        deadline.elapsed(),
                        timings());
            }
            connection.set(c);
            if (abandoned) {
                abort(c);
                return Probe.failed(SqlErrors.timedOut(deadline, stage, url), deadline.elapsed(), timings());
            }
            try (c;
                    Statement s = c.createStatement()) {
                statement.set(s);
                return query(s);
            }
        } catch (SQLException e) {
            return Probe.failed(
                    SqlErrors.describe(e, stage, url, target.user(), deadline, secrets), deadline.elapsed(), timings());
        } catch (RuntimeException e) {
            return Probe.failed(
                    Reasons.clean(stage.words(url) + " failed: " + e, secrets), deadline.elapsed(), timings());
        }
    }

    private Probe query(Statement statement) throws SQLException {
        int limit = rowLimit();
        statement.setQueryTimeout(wholeSeconds(deadline.remainingMillis()));
        statement.setMaxRows(limit);
        stage = Stage.QUERYING;
        start(Phase.FIRST_BYTE);
        Optional<String> first = Optional.empty();
        long rows = 0;
        if (statement.execute(target.query())) {
            try (ResultSet rs = statement.getResultSet()) {
                if (rs.next()) {
                    first = Optional.of(firstValue(rs));
                    rows = 1;
                }
                end(Phase.FIRST_BYTE);
                stage = Stage.READING;
                start(Phase.TRANSFER);
                while (rows < limit && rs.next()) {
                    rows++;
                }
                end(Phase.TRANSFER);
            }
        } else {
            end(Phase.FIRST_BYTE); // an update or DDL: no rows, no value
        }
        Optional<String> failed = unmet(target.expect(), first, rows);
        if (failed.isPresent()) {
            return Probe.failed(failed.get(), deadline.elapsed(), timings());
        }
        Optional<String> warned = unmet(target.warn(), first, rows);
        return new Probe(
                warned.<Verdict>map(Verdict.Warned::new).orElse(Verdict.PASSED),
                deadline.elapsed(),
                timings(),
                Optional.empty());
    }

    /**
     * The first column as text. Booleans read as {@code true}/{@code false}: PostgreSQL's text form
     * is {@code t}/{@code f}, which nobody writes in an expectation.
     */
    private static String firstValue(ResultSet rs) throws SQLException {
        int type = rs.getMetaData().getColumnType(1);
        // pgjdbc reports bool as BIT; a MariaDB BIT(8) is not a boolean, hence the type name.
        if (type == Types.BOOLEAN
                || (type == Types.BIT
                        && "bool".equalsIgnoreCase(rs.getMetaData().getColumnTypeName(1)))) {
            boolean b = rs.getBoolean(1);
            return rs.wasNull() ? "null" : Boolean.toString(b);
        }
        String s = rs.getString(1);
        return s == null ? "null" : s;
    }

    static Optional<String> unmet(SqlTarget.Expect expect, Optional<String> first, long rows) {
        if (expect.value().isPresent()) {
            String wanted = expect.value().get();
            if (first.isEmpty()) {
                return Optional.of("query returned no rows");
            }
            if (!first.get().equals(wanted)) {
                return Optional.of("expected value " + Reasons.quote(wanted) + ", got " + Reasons.quote(first.get()));
            }
        }
        if (expect.rowsAtLeast().isPresent() && rows < expect.rowsAtLeast().get()) {
            return Optional.of("expected at least " + expect.rowsAtLeast().get() + " rows, got " + rows);
        }
        return Optional.empty();
    }

    private int rowLimit() {
        long wanted = Math.max(
                target.expect().rowsAtLeast().orElse(0L),
                target.warn().rowsAtLeast().orElse(0L));
        return (int) Math.min(ROW_CAP_MAX, Math.max(ROW_CAP, wanted));
    }

    private Properties properties() {
        Properties p = new Properties();
        target.user().ifPresent(u -> p.setProperty("user", u));
        target.password().ifPresent(s -> p.setProperty("password", s.reveal()));
        int ms = deadline.remainingMillis();
        switch (target.engine()) {
            case POSTGRES -> {
                // Seconds, rounded up. No loginTimeout: it would start a platform thread per check to
                // do what run() already does.
                String seconds = Integer.toString(wholeSeconds(ms));
                p.setProperty("connectTimeout", seconds);
                p.setProperty("socketTimeout", seconds);
                p.setProperty("ApplicationName", "vitals");
            }
            case MYSQL -> {
                p.setProperty("connectTimeout", Integer.toString(ms));
                p.setProperty("socketTimeout", Integer.toString(ms));
            }
        }
        return p;
    }

    private static int wholeSeconds(int millis) {
        return Math.max(1, (millis + 999) / 1000);
    }

    private void abandon() {
        abandoned = true;
        Connection c = connection.get();
        if (c != null) {
            // Both steps open a second connection to the server: not on the caller's time.
            Thread.ofVirtual().name("sql-check-abort").start(() -> {
                cancel(statement.get());
                abort(c);
            });
        }
    }

    /**
     * Asks PostgreSQL to stop the running query: a backend whose client is gone goes on until it next
     * writes, so a slow query abandoned every interval would pile up on a server already in trouble.
     * MariaDB needs no such step: its {@code abort} kills the server thread itself.
     */
    private void cancel(Statement s) {
        if (s != null && target.engine() == SqlTarget.Engine.POSTGRES) {
            try {
                s.cancel();
            } catch (SQLException | RuntimeException ignored) {
                // The abort that follows still frees this side.
            }
        }
    }

    private static void abort(Connection c) {
        try {
            c.abort(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException | RuntimeException ignored) {
                // Nothing more can be done for a connection that can be neither aborted nor closed.
            }
        }
    }

    private void start(Phase phase) {
        synchronized (timings) {
            timings.start(phase);
        }
    }

    private void end(Phase phase) {
        synchronized (timings) {
            timings.end(phase);
        }
    }

    private Timings timings() {
        synchronized (timings) {
            return timings.build();
        }
    }
}

package dev.vitals.checks.db;

import dev.vitals.checks.Deadline;
import dev.vitals.config.Durations;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Turns a {@link SQLException} into a reason, by SQLState class first (the same for PostgreSQL and
 * MariaDB where the standard defines one) and by MariaDB's error numbers where it answers with a
 * generic state: "authentication failed for user "app"", "database "shop" does not exist",
 * "could not connect to 10.0.0.5:5432: connection refused", "query failed: relation "x" does not
 * exist". Everything that leaves here has gone through {@link Reasons#clean}.
 */
final class SqlErrors {
    /** MariaDB error numbers that come with the generic SQLState 42000 or 28000. */
    private static final int ER_ACCESS_DENIED = 1045;

    private static final int ER_BAD_DB = 1049;

    private SqlErrors() {}

    /** What the check was doing, for the words. */
    enum Stage {
        CONNECTING,
        QUERYING,
        READING;

        String words(JdbcUrl url) {
            return switch (this) {
                case CONNECTING -> "connecting to " + url.hostPort();
                case QUERYING -> "running the query";
                case READING -> "reading the rows";
            };
        }
    }

    static String timedOut(Deadline deadline, Stage stage, JdbcUrl url) {
        return "timed out after " + Durations.human(deadline.elapsed()) + " while " + stage.words(url);
    }

    static String describe(
            SQLException e, Stage stage, JdbcUrl url, Optional<String> user, Deadline deadline, List<String> secrets) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        int code = e.getErrorCode();
        String reason;
        if (deadline.expired()
                || state.equals("57014") // PostgreSQL: canceling statement (query timeout)
                || state.equals("70100") // MariaDB: query interrupted (max_statement_time)
                || cause(e, SocketTimeoutException.class).isPresent()) {
            reason = timedOut(deadline, stage, url);
        } else if (state.startsWith("28") || code == ER_ACCESS_DENIED) {
            reason = "authentication failed"
                    + user.or(url::user)
                            .map(u -> " for user " + Reasons.quote(u))
                            .orElse("");
        } else if (state.equals("3D000") || code == ER_BAD_DB) {
            reason = "database " + url.database().map(Reasons::quote).orElse("") + " does not exist";
            reason = reason.replace("  ", " ");
        } else if (stage == Stage.CONNECTING) {
            reason =
                    "could not connect to " + url.hostPort() + ": " + network(e).orElseGet(() -> serverWords(e));
        } else if (state.startsWith("08")) {
            reason = "connection lost while " + stage.words(url) + ": "
                    + network(e).orElseGet(() -> serverWords(e));
        } else {
            reason = "query failed: " + serverWords(e);
        }
        return Reasons.clean(reason, secrets);
    }

    /** The network failure under a driver exception, in words, when there is one. */
    private static Optional<String> network(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            Optional<String> words = switch (t) {
                case ConnectException c when m.contains("refused") -> Optional.of("connection refused");
                case ConnectException c -> Optional.of("could not open a connection (" + c.getMessage() + ")");
                case UnknownHostException u -> Optional.of("host not found in DNS");
                case NoRouteToHostException n -> Optional.of("no route to host");
                case EOFException eof -> Optional.of("connection closed by the server");
                case SSLException s -> Optional.of("TLS error: " + s.getMessage());
                default -> Optional.empty();
            };
            if (words.isPresent()) {
                return words;
            }
        }
        return Optional.empty();
    }

    /** The first line of the server's message, without the driver's decorations. */
    private static String serverWords(SQLException e) {
        String m = dev.vitals.checks.Failures.message(e).strip();
        int nl = m.indexOf('\n');
        if (nl >= 0) {
            m = m.substring(0, nl);
        }
        // PostgreSQL prefixes the severity, MariaDB the connection id.
        m = m.replaceFirst("^(ERROR|FATAL|PANIC):\\s*", "").replaceFirst("^\\(conn=\\d+\\)\\s*", "");
        return m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static <T extends Throwable> Optional<T> cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }
}

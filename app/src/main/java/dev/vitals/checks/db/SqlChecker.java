package dev.vitals.checks.db;

import dev.vitals.checks.Checker;
import dev.vitals.checks.Deadline;
import dev.vitals.checks.Probe;
import dev.vitals.monitors.SqlTarget;
import java.sql.Driver;

/**
 * Checks a PostgreSQL or MySQL/MariaDB database: opens a fresh connection (no pool, so that the
 * time to connect and log in is measured and a server that refuses new connections is seen), runs
 * the query, reads up to {@value SqlRun#ROW_CAP} rows and judges the first value and the row count.
 *
 * <p>The drivers are instantiated here rather than found through {@code DriverManager}, whose
 * registration depends on class loaders and service files that a shaded jar can lose. The drivers'
 * own timeouts count in whole seconds, too coarse for a 500 ms deadline, so each check runs on a
 * virtual thread of its own and the caller stops waiting at the deadline, aborting the connection
 * (see {@link SqlRun}).
 */
public final class SqlChecker implements Checker<SqlTarget> {
    private final Driver postgres = new org.postgresql.Driver();
    private final Driver mariadb = new org.mariadb.jdbc.Driver();

    public SqlChecker() {}

    @Override
    public Probe check(SqlTarget target, Deadline deadline) {
        Driver driver = switch (target.engine()) {
            case POSTGRES -> postgres;
            case MYSQL -> mariadb;
        };
        return new SqlRun(driver, target, deadline).run();
    }
}

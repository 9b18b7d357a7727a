package dev.vitals.checks.db;

import dev.vitals.checks.Checker;
import dev.vitals.checks.Deadline;
import dev.vitals.checks.Failures;
import dev.vitals.checks.NetworkGuard;
import dev.vitals.checks.Probe;
import dev.vitals.checks.Resolver;
import dev.vitals.checks.Timings;
import dev.vitals.monitors.HostPort;
import dev.vitals.monitors.SqlTarget;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Driver;
import java.util.Optional;

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
    public Probe check(SqlTarget target, Deadline deadline, NetworkGuard guard) {
        Optional<String> refused = guard.allowsAll() ? Optional.empty() : refusal(target, deadline, guard);
        if (refused.isPresent()) {
            return Probe.failed(refused.get(), deadline.elapsed(), Timings.NONE);
        }
        Driver driver = switch (target.engine()) {
            case POSTGRES -> postgres;
            case MYSQL -> mariadb;
        };
        return new SqlRun(driver, target, deadline).run();
    }

    /**
     * Looks up every host the driver may connect to and refuses the check if any address is denied.
     * The drivers open their sockets themselves and look the names up again, so a name whose answer
     * changes between the two lookups (DNS rebinding) could still slip through; handing the driver
     * the address instead would break TLS host name verification ({@code sslmode=verify-full}).
     * Every address of a name is judged, not only the first, because a driver may try them all.
     */
    private static Optional<String> refusal(SqlTarget target, Deadline deadline, NetworkGuard guard) {
        SqlHosts hosts = SqlHosts.of(target);
        if (hosts.unwatchable().isPresent()) {
            return hosts.unwatchable();
        }
        for (HostPort h : hosts.hosts()) {
            InetAddress[] addresses;
            try {
                addresses = Resolver.lookup(h.host(), deadline);
            } catch (UnknownHostException e) {
                // Not found now may be found a moment later by the driver: unjudged is refused.
                return Optional.of(Failures.describe(e, "looking up " + h.host(), deadline));
            }
            for (InetAddress a : addresses) {
                Optional<String> r = guard.refusal(a);
                if (r.isPresent()) {
                    return r;
                }
            }
        }
        return Optional.empty();
    }
}

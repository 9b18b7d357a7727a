package dev.vitals.checks;

import dev.vitals.monitors.DnsTarget;
import dev.vitals.monitors.HttpTarget;
import dev.vitals.monitors.RedisTarget;
import dev.vitals.monitors.SqlTarget;
import dev.vitals.monitors.TcpTarget;
import dev.vitals.monitors.TlsTarget;

/** One checker per kind of target; assembled once by the application and shared by all checks. */
public record Checkers(
        Checker<HttpTarget> http,
        Checker<TcpTarget> tcp,
        Checker<DnsTarget> dns,
        Checker<TlsTarget> tls,
        Checker<SqlTarget> sql,
        Checker<RedisTarget> redis)
        implements AutoCloseable {
    /** Releases what the checkers hold (connection pools, threads); checks must not run after. */
    @Override
    public void close() {
        for (Object c : java.util.List.of(http, tcp, dns, tls, sql, redis)) {
            if (c instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // Stopping: nothing useful to do with a failure to release.
                }
            }
        }
    }
}

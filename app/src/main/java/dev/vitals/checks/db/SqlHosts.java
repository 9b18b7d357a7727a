package dev.vitals.checks.db;

import dev.vitals.monitors.HostPort;
import dev.vitals.monitors.SqlTarget;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.mariadb.jdbc.Configuration;
import org.mariadb.jdbc.HostAddress;

/**
 * Every host a JDBC URL makes its driver connect to, as the driver itself reads the URL, for the
 * {@link dev.vitals.checks.NetworkGuard}. {@link JdbcUrl} is lenient and reads only the first host
 * for words; here leniency would be a hole: PostgreSQL's driver takes {@code ?host=} and {@code
 * ?PGHOST=} over the host before the path, and MySQL URLs can name hosts as {@code
 * address=(host=...)}. A URL whose connections the guard cannot watch (a socket factory class, a
 * Unix socket or a named pipe, or one the driver does not read at all) is {@link #unwatchable()}.
 *
 * <p>The properties Vitals passes besides the URL ({@code user}, {@code password}) never choose a
 * host, so reading the URL alone gives the driver's answer.
 */
public record SqlHosts(List<HostPort> hosts, Optional<String> unwatchable) {
    private static final String GUARDED = " (security.deny_networks applies to this monitor)";

    public static SqlHosts of(SqlTarget target) {
        JdbcUrl url = JdbcUrl.parse(target.engine(), target.url());
        return switch (target.engine()) {
            case POSTGRES -> postgres(url.driverUrl());
            case MYSQL -> mariadb(url.driverUrl());
        };
    }

    private static SqlHosts postgres(String url) {
        Properties p = org.postgresql.Driver.parseURL(url, new Properties());
        if (p == null) {
            return unwatchable("the PostgreSQL driver cannot read this URL, so Vitals cannot tell where it leads");
        }
        if (p.getProperty("socketFactory") != null) {
            return unwatchable("socketFactory chooses how to connect, out of Vitals' sight");
        }
        String[] hosts = p.getProperty("PGHOST", "localhost").split(",", -1);
        String[] ports = p.getProperty("PGPORT", "5432").split(",", -1);
        List<HostPort> out = new ArrayList<>();
        for (int i = 0; i < hosts.length; i++) {
            String host = hosts[i].strip();
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            out.add(new HostPort(host.isEmpty() ? "localhost" : host, port(i < ports.length ? ports[i] : "", 5432)));
        }
        return new SqlHosts(List.copyOf(out), Optional.empty());
    }

    private static SqlHosts mariadb(String url) {
        Configuration c;
        try {
            c = Configuration.parse(url);
        } catch (SQLException | RuntimeException e) {
            c = null;
        }
        if (c == null) {
            return unwatchable("the MariaDB driver cannot read this URL, so Vitals cannot tell where it leads");
        }
        if (c.socketFactory() != null) {
            return unwatchable("socketFactory chooses how to connect, out of Vitals' sight");
        }
        if (c.localSocket() != null || c.pipe() != null) {
            return unwatchable("a local socket or named pipe is not a network address Vitals can judge");
        }
        List<HostPort> out = new ArrayList<>();
        for (HostAddress a : c.addresses()) {
            if (a.localSocket != null || a.pipe != null || a.host == null) {
                return unwatchable("a local socket or named pipe is not a network address Vitals can judge");
            }
            out.add(new HostPort(a.host, a.port));
        }
        if (out.isEmpty()) {
            out.add(new HostPort("localhost", 3306)); // what the driver connects to without a host
        }
        return new SqlHosts(List.copyOf(out), Optional.empty());
    }

    private static SqlHosts unwatchable(String why) {
        return new SqlHosts(List.of(), Optional.of(why + GUARDED));
    }

    private static int port(String text, int otherwise) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}

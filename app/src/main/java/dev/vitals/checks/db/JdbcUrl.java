package dev.vitals.checks.db;

import dev.vitals.monitors.SqlTarget.Engine;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The parts of a JDBC URL that reasons need (the first host and port, the database, the user) and
 * the password parameters it may carry, so that they can be cut out of error messages. Parsing is
 * lenient: a URL the drivers accept but this class does not understand only makes the words less
 * precise, never the check different.
 */
record JdbcUrl(
        String driverUrl, String hostPort, Optional<String> database, Optional<String> user, List<String> secrets) {

    static JdbcUrl parse(Engine engine, String url) {
        // MariaDB Connector/J takes "jdbc:mysql:" only with permitMysqlScheme; the protocol is the
        // same, so the URL is handed to it under its own scheme instead.
        String driverUrl =
                url.startsWith("jdbc:mysql:") ? "jdbc:mariadb:" + url.substring("jdbc:mysql:".length()) : url;
        int defaultPort = engine == Engine.POSTGRES ? 5432 : 3306;
        String rest = driverUrl.substring(driverUrl.indexOf(':', "jdbc:".length()) + 1);
        int q = rest.indexOf('?');
        String params = q < 0 ? "" : rest.substring(q + 1);
        String path = q < 0 ? rest : rest.substring(0, q);

        List<String> secrets = new ArrayList<>();
        Optional<String> user = Optional.empty();
        for (String pair : params.split("[&;]")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = pair.substring(0, eq).toLowerCase(Locale.ROOT);
            String raw = pair.substring(eq + 1);
            if (key.equals("password") || key.equals("pwd")) {
                secrets.add(raw);
                secrets.add(decode(raw));
            } else if (key.equals("user")) {
                user = Optional.of(decode(raw));
            }
        }

        String hostPort = "localhost:" + defaultPort;
        Optional<String> database = Optional.empty();
        int slashes = path.indexOf("//");
        if (slashes >= 0) {
            String afterSlashes = path.substring(slashes + 2);
            int slash = afterSlashes.indexOf('/');
            String authority = slash < 0 ? afterSlashes : afterSlashes.substring(0, slash);
            String db = slash < 0 ? "" : afterSlashes.substring(slash + 1);
            int at = authority.lastIndexOf('@');
            if (at >= 0) {
                // user:password@host, accepted by some drivers.
                String userInfo = authority.substring(0, at);
                int colon = userInfo.indexOf(':');
                if (colon >= 0) {
                    secrets.add(userInfo.substring(colon + 1));
                }
                authority = authority.substring(at + 1);
            }
            String first = authority.split(",")[0];
            if (!first.isEmpty() && !first.startsWith("address=")) {
                hostPort = hasPort(first) ? first : first + ":" + defaultPort;
            }
            database = db.isEmpty() ? Optional.empty() : Optional.of(decode(db));
        } else if (!path.isEmpty()) {
            database = Optional.of(decode(path)); // jdbc:postgresql:dbname
        }
        secrets.removeIf(String::isEmpty);
        return new JdbcUrl(driverUrl, hostPort, database, user, List.copyOf(secrets));
    }

    private static boolean hasPort(String host) {
        // [::1]:5432 and host:5432 have a port; a bare IPv6 literal in brackets does not.
        int close = host.lastIndexOf(']');
        return host.lastIndexOf(':') > close;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}

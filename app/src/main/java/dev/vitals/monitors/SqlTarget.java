package dev.vitals.monitors;

import dev.vitals.config.MapReader;
import dev.vitals.config.Scalars;
import dev.vitals.config.Secret;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A database connection (a fresh one each check, so that connecting is measured too) and a query.
 * {@code expect.value} compares the first column of the first row, as text.
 */
public record SqlTarget(
        Engine engine,
        String url,
        Optional<String> user,
        Optional<Secret> password,
        String query,
        Expect expect,
        Expect warn)
        implements Target {

    public enum Engine {
        POSTGRES("postgres", "jdbc:postgresql:"),
        MYSQL("mysql", "jdbc:mysql:", "jdbc:mariadb:");

        private final String kind;
        private final List<String> prefixes;

        Engine(String kind, String... prefixes) {
            this.kind = kind;
            this.prefixes = List.of(prefixes);
        }

        public String kind() {
            return kind;
        }

        public List<String> prefixes() {
            return prefixes;
        }
    }

    public record Expect(Optional<String> value, Optional<Long> rowsAtLeast) {
        public static final Expect NONE = new Expect(Optional.empty(), Optional.empty());

        boolean isEmpty() {
            return value.isEmpty() && rowsAtLeast.isEmpty();
        }

        static Expect read(MapReader m) {
            return new Expect(
                    m.optional("value", Scalars.string()),
                    m.optional("rows_at_least", Scalars.integer(0, Long.MAX_VALUE)));
        }

        Map<String, Object> render() {
            Map<String, Object> out = new LinkedHashMap<>();
            value.ifPresent(v -> out.put("value", v));
            rowsAtLeast.ifPresent(v -> out.put("rows_at_least", v));
            return out;
        }
    }

    @Override
    public String kind() {
        return engine.kind();
    }

    @Override
    public String describe() {
        // The URL may carry a password as a parameter; show only the part before the query string.
        // A password may also sit in the user-info part (user:password@host): masked first.
        String shown = Redact.url(url);
        int q = shown.indexOf('?');
        return q < 0 ? shown : shown.substring(0, q);
    }

    static Optional<Target> read(Engine engine, MapReader m) {
        Optional<String> url = m.required(
                "url",
                Scalars.nonBlank()
                        .where(
                                u -> engine.prefixes().stream().anyMatch(u::startsWith),
                                "must start with " + String.join(" or ", engine.prefixes())));
        Optional<String> user = m.optional("user", Scalars.string());
        Optional<Secret> password = m.secret("password").filter(s -> !s.isEmpty());
        String query = m.value("query", Scalars.nonBlank(), "select 1");
        Expect expect = Sections.read(m, "expect", Expect::read, Expect.NONE);
        Expect warn = Sections.read(m, "warn", Expect::read, Expect.NONE);
        return url.map(u -> new SqlTarget(engine, u, user, password, query, expect, warn));
    }

    @Override
    public void render(Map<String, Object> out) {
        out.put("url", Redact.url(url));
        user.ifPresent(u -> out.put("user", u));
        out.put("query", query);
        if (!expect.isEmpty()) {
            out.put("expect", expect.render());
        }
        if (!warn.isEmpty()) {
            out.put("warn", warn.render());
        }
    }

    @Override
    public List<String> secretsSet() {
        List<String> set = new ArrayList<>();
        password.ifPresent(p -> set.add("password"));
        return set;
    }
}

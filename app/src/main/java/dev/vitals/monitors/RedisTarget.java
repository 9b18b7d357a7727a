package dev.vitals.monitors;

import dev.vitals.config.MapReader;
import dev.vitals.config.Scalars;
import dev.vitals.config.Secret;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Redis server: connect, authenticate when a password is given, select {@code database}, send
 * {@code command} (PING by default) and judge the reply. A PING is expected to answer PONG.
 */
public record RedisTarget(
        String host,
        int port,
        Optional<String> username,
        Optional<Secret> password,
        int database,
        boolean tls,
        List<String> command,
        Expect expect,
        Expect warn)
        implements Target {

    public RedisTarget {
        command = List.copyOf(command);
    }

    public record Expect(Optional<String> reply, Optional<String> replyContains) {
        public static final Expect NONE = new Expect(Optional.empty(), Optional.empty());

        boolean isEmpty() {
            return reply.isEmpty() && replyContains.isEmpty();
        }

        static Expect read(MapReader m) {
            return new Expect(m.optional("reply", Scalars.string()), m.optional("reply_contains", Scalars.string()));
        }

        Map<String, Object> render() {
            Map<String, Object> out = new LinkedHashMap<>();
            reply.ifPresent(v -> out.put("reply", v));
            replyContains.ifPresent(v -> out.put("reply_contains", v));
            return out;
        }
    }

    /** The expectation in force: PING without an explicit one expects PONG. */
    public Expect effectiveExpect() {
        if (expect.isEmpty() && command.size() == 1 && command.get(0).equalsIgnoreCase("PING")) {
            return new Expect(Optional.of("PONG"), Optional.empty());
        }
        return expect;
    }

    @Override
    public String kind() {
        return "redis";
    }

    @Override
    public String describe() {
        return "redis " + HostPort.format(host, port) + (database == 0 ? "" : "/" + database);
    }

    static Optional<Target> read(MapReader m) {
        Optional<String> host = m.required("host", Scalars.nonBlank());
        int port = m.value("port", Scalars.port(), 6379);
        Optional<String> username = m.optional("username", Scalars.nonBlank());
        Optional<Secret> password = m.secret("password").filter(s -> !s.isEmpty());
        int database = m.value("database", Scalars.integer(0, 1_000_000), 0L).intValue();
        boolean tls = m.value("tls", Scalars.bool(), false);
        List<String> command = m.optional("command", Scalars.nonBlank())
                .map(c -> Arrays.asList(c.strip().split("\\s+")))
                .orElse(List.of("PING"));
        Expect expect = Sections.read(m, "expect", Expect::read, Expect.NONE);
        Expect warn = Sections.read(m, "warn", Expect::read, Expect.NONE);
        return host.map(h -> new RedisTarget(h, port, username, password, database, tls, command, expect, warn));
    }

    @Override
    public void render(Map<String, Object> out) {
        out.put("host", host);
        out.put("port", port);
        username.ifPresent(u -> out.put("username", u));
        out.put("database", database);
        out.put("tls", tls);
        out.put("command", String.join(" ", command));
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

package dev.vitals.monitors;

import dev.vitals.config.Durations;
import dev.vitals.config.MapReader;
import dev.vitals.config.Node;
import dev.vitals.config.ReadContext;
import dev.vitals.config.Scalars;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads monitors from configuration nodes, strictly: every problem is reported with its location and
 * nothing half-read is returned. The same reader serves YAML files and API bodies, so both accept
 * exactly the same keys.
 */
public final class MonitorReader {
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    public static final Set<String> KINDS = Set.of("http", "tcp", "dns", "tls", "postgres", "mysql", "redis", "push");
    private static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    private static final Duration MAX_INTERVAL = Duration.ofDays(7);

    private MonitorReader() {}

    /** Reads a list of monitors, reporting duplicate ids at the second occurrence. */
    public static List<Monitor> readList(Node node, ReadContext ctx, java.util.function.Function<Node, Origin> origin) {
        if (!(node instanceof Node.ListNode list)) {
            ctx.problems()
                    .add(
                            node,
                            "monitors must be a list (each item starting with \"- id: ...\"), not " + node.describe());
            return List.of();
        }
        List<Monitor> out = new ArrayList<>();
        Map<String, Node> seen = new HashMap<>();
        for (Node item : list.items()) {
            Optional<Monitor> m = read(item, ctx, origin.apply(item));
            if (m.isEmpty()) {
                continue;
            }
            Node first = seen.putIfAbsent(m.get().id(), item);
            if (first != null) {
                ctx.problems()
                        .add(
                                item,
                                "monitor id \"" + m.get().id() + "\" is used twice; the first is at line "
                                        + first.location().line());
                continue;
            }
            out.add(m.get());
        }
        Map<String, Node> items = new HashMap<>();
        for (Node item : list.items()) {
            if (item instanceof Node.MapNode map && map.get("id").orElse(null) instanceof Node.ScalarNode idNode) {
                items.putIfAbsent(idNode.text().strip(), item);
            }
        }
        for (Dependencies.Problem p : Dependencies.check(out, id -> false)) {
            Node at = items.get(p.monitorId());
            Node where = at instanceof Node.MapNode map ? map.get("depends_on").orElse(at) : list;
            ctx.problems().add(where, p.message());
        }
        return out;
    }

    /** Reads one monitor, or reports why it cannot be read and returns empty. */
    public static Optional<Monitor> read(Node node, ReadContext ctx, Origin origin) {
        Optional<MapReader> reader = MapReader.of(node, "a monitor", ctx);
        if (reader.isEmpty()) {
            return Optional.empty();
        }
        MapReader m = reader.get();
        int before = ctx.problems().size();
        Optional<String> id = m.required("id", idParser());
        String name = m.value("name", Scalars.nonBlank(), id.orElse(""));
        Optional<String> description = m.optional("description", Scalars.string());
        Optional<String> kind = m.required("kind", Scalars.oneOf(KINDS));
        if (kind.isPresent() && kind.get().equals("push")) {
            return readPush(m, node, ctx, origin, before, id, name, description);
        }
        Duration interval = m.value(
                "interval",
                Scalars.duration()
                        .where(
                                d -> d.compareTo(MIN_INTERVAL) >= 0 && d.compareTo(MAX_INTERVAL) <= 0,
                                "interval must be between 1s and 7d"),
                Monitor.DEFAULT_INTERVAL);
        Duration timeout = m.value(
                "timeout",
                Scalars.duration().where(d -> d.toMillis() >= 10, "timeout must be at least 10ms"),
                min(Monitor.DEFAULT_TIMEOUT, interval));
        // The default slow threshold stays below the timeout, however short the timeout is.
        Duration slow = m.value(
                "slow",
                Scalars.duration().where(d -> d.toMillis() >= 1, "slow must be at least 1ms"),
                min(Monitor.DEFAULT_SLOW, timeout.dividedBy(2)));
        Confirm confirm = Sections.read(m, "confirm", MonitorReader::confirm, Confirm.DEFAULT);
        Common common = common(m, node, ctx, id);
        Optional<Target> target = kind.flatMap(k -> switch (k) {
            case "http" -> HttpTarget.read(m);
            case "tcp" -> TcpTarget.read(m);
            case "dns" -> DnsTarget.read(m);
            case "tls" -> TlsTarget.read(m);
            case "postgres" -> SqlTarget.read(SqlTarget.Engine.POSTGRES, m);
            case "mysql" -> SqlTarget.read(SqlTarget.Engine.MYSQL, m);
            case "redis" -> RedisTarget.read(m);
            default -> Optional.empty();
        });
        if (kind.isEmpty()) {
            // Without a kind we cannot know which keys are valid; do not report them all as unknown.
            m.allow(m.node().entries().keySet().toArray(String[]::new));
        }
        m.finish();
        if (timeout.compareTo(interval) > 0) {
            m.node("timeout")
                    .ifPresent(n -> ctx.problems()
                            .add(
                                    n,
                                    "timeout (" + Durations.format(timeout) + ") must not be longer than interval ("
                                            + Durations.format(interval) + ")"));
        }
        if (slow.compareTo(timeout) >= 0) {
            ctx.problems()
                    .add(
                            m.node("slow").orElse(node),
                            "slow (" + Durations.format(slow) + ") must be shorter than timeout ("
                                    + Durations.format(timeout) + "), or no check could ever be slow");
        }
        if (ctx.problems().size() > before || id.isEmpty() || target.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Monitor(
                id.get(),
                name,
                description,
                target.get(),
                interval,
                timeout,
                slow,
                confirm,
                common.labels(),
                common.paused(),
                origin,
                common.dependsOn(),
                common.alertOn()));
    }

    /** The keys every kind of monitor has besides id, name, description and its check. */
    private record Common(Map<String, String> labels, boolean paused, List<String> dependsOn, AlertOn alertOn) {}

    private static Common common(MapReader m, Node node, ReadContext ctx, Optional<String> id) {
        Map<String, String> labels = m.value("labels", labels(), Map.of());
        boolean paused = m.value("paused", Scalars.bool(), false);
        List<String> dependsOn = m.value("depends_on", Scalars.listOf(idParser()), List.of());
        AlertOn alertOn =
                AlertOn.valueOf(m.value("alert_on", Scalars.oneOf(java.util.Set.of("down", "degraded")), "down")
                        .toUpperCase(java.util.Locale.ROOT));
        if (id.isPresent() && dependsOn.contains(id.get())) {
            ctx.problems().add(m.node("depends_on").orElse(node), "a monitor cannot depend on itself");
        }
        return new Common(labels, paused, dependsOn.stream().distinct().toList(), alertOn);
    }

    /**
     * A push monitor: not checked, so no interval, timeout or confirm; a run longer than {@code slow}
     * (if given) is slow; one ping decides (a job that reported failure has failed).
     */
    private static Optional<Monitor> readPush(
            MapReader m,
            Node node,
            ReadContext ctx,
            Origin origin,
            int before,
            Optional<String> id,
            String name,
            Optional<String> description) {
        for (String key : List.of("interval", "timeout", "confirm")) {
            m.node(key)
                    .ifPresent(n -> ctx.problems()
                            .add(
                                    n,
                                    key + " is not for push monitors: nothing checks them, the job pings Vitals; give"
                                            + " schedule (cron) or period, and grace"));
            m.allow(key);
        }
        Optional<Duration> slow =
                m.optional("slow", Scalars.duration().where(d -> d.toMillis() >= 1000, "slow must be at least 1s"));
        Common common = common(m, node, ctx, id);
        Optional<Target> target = PushTarget.read(m);
        m.finish();
        if (ctx.problems().size() > before || id.isEmpty() || target.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Monitor(
                id.get(),
                name,
                description,
                target.get(),
                Monitor.DEFAULT_INTERVAL,
                Monitor.DEFAULT_TIMEOUT,
                slow.orElse(PushTarget.NEVER_SLOW),
                new Confirm(1, 1),
                common.labels(),
                common.paused(),
                origin,
                common.dependsOn(),
                common.alertOn()));
    }

    private static dev.vitals.config.ValueParser<String> idParser() {
        return Scalars.nonBlank()
                .where(
                        s -> ID.matcher(s).matches(),
                        "an id is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }

    private static Confirm confirm(MapReader m) {
        int failAfter = m.value("fail_after", Scalars.integer(1, 100), 2L).intValue();
        int recoverAfter = m.value("recover_after", Scalars.integer(1, 100), 2L).intValue();
        return new Confirm(failAfter, recoverAfter);
    }

    private static dev.vitals.config.ValueParser<Map<String, String>> labels() {
        return (node, ctx) -> {
            if (!(node instanceof Node.MapNode map)) {
                ctx.problems()
                        .add(
                                node,
                                "labels must be a map such as { team: it, service: intranet }, not " + node.describe());
                return Optional.empty();
            }
            Map<String, String> out = new LinkedHashMap<>();
            boolean ok = true;
            for (Node.Entry e : map.entries().values()) {
                if (!LABEL.matcher(e.key()).matches()) {
                    ctx.problems()
                            .add(
                                    e.keyLocation(),
                                    e.value().path(),
                                    "label name \"" + e.key()
                                            + "\" must be letters, digits and '_', starting with a letter or '_'");
                    ok = false;
                    continue;
                }
                Optional<String> v = Scalars.string().parse(e.value(), ctx);
                if (v.isEmpty()) {
                    ok = false;
                    continue;
                }
                out.put(e.key(), v.get());
            }
            return ok ? Optional.of(out) : Optional.empty();
        };
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}

package dev.vitals.alerting;

import dev.vitals.config.MapReader;
import dev.vitals.config.Node;
import dev.vitals.config.Problem;
import dev.vitals.config.Problems;
import dev.vitals.config.ReadContext;
import dev.vitals.config.Scalars;
import dev.vitals.config.Secret;
import dev.vitals.config.TreeReader;
import dev.vitals.config.ValueParser;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code receivers:}, {@code route:} and {@code integrations:} of the configuration file, and
 * checks that they hold together: every route names a receiver that exists, names are unique, and
 * each integration's credential identifies it alone.
 */
public final class AlertingReader {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final ValueParser<String> NAME_PARSER = Scalars.nonBlank()
            .where(
                    s -> NAME.matcher(s).matches(),
                    "must be lower-case letters, digits, '.', '_' or '-', starting with a letter or digit (at most 64)");
    private static final ValueParser<URI> HTTP_URL = Scalars.uri(Set.of("http", "https"));
    private static final ValueParser<Duration> TIMEOUT = Scalars.duration()
            .where(
                    d -> d.compareTo(Duration.ofSeconds(1)) >= 0 && d.compareTo(Duration.ofSeconds(60)) <= 0,
                    "must be between 1s and 60s");
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final ValueParser<String> EMAIL = Scalars.nonBlank()
            .map(String::strip)
            .where(s -> s.matches("[^@\\s<>\"]+@[^@\\s<>\"]+"), "must be an email address such as it@example.org");
    private static final URI PAGERDUTY = URI.create("https://events.pagerduty.com/v2/enqueue");
    private static final Set<String> TARGETS =
            Set.of("webhook", "slack", "teams", "pagerduty", "alertmanager", "email");

    private AlertingReader() {}

    /** Reads the three sections from the top of the file; {@link AlertingSettings#NONE} when none is there. */
    public static AlertingSettings read(MapReader top) {
        ReadContext ctx = top.context();
        Optional<Node> receiversNode = top.node("receivers");
        Optional<Node> routeNode = top.node("route");
        Optional<Node> integrationsNode = top.node("integrations");
        List<Receiver> receivers = receiversNode.map(n -> receivers(n, ctx)).orElse(List.of());
        Optional<RouteNode> route = routeNode
                .flatMap(n -> MapReader.of(n, "route", ctx))
                .flatMap(r -> route(r, RouteNode.Timings.DEFAULT, List.of(), true));
        List<Integration> integrations =
                integrationsNode.map(n -> integrations(n, ctx)).orElse(List.of());
        if (receiversNode.isPresent() && routeNode.isEmpty()) {
            ctx.problems()
                    .add(
                            receiversNode.get(),
                            "receivers are given but no route: add route: { receiver: NAME } to say who gets what");
        }
        if (routeNode.isPresent() && route.isPresent()) {
            Set<String> names = new java.util.HashSet<>();
            receivers.forEach(r -> names.add(r.name()));
            checkReceivers(routeNode.get(), names, ctx);
        }
        return new AlertingSettings(receivers, route, integrations);
    }

    // ---- the API's receivers and routes, in JSON with the file's keys

    /**
     * Reads one receiver from JSON with the keys of the file and the file's checks; throws {@link
     * ReceiverException} of kind INVALID listing every problem. No variables and no {@code _file}
     * keys: an API caller cannot make Vitals read the server's environment or files.
     */
    public static Receiver apiReceiver(String json) {
        Problems problems = new Problems();
        Optional<Receiver> r =
                TreeReader.json(json.isBlank() ? "{}" : json, problems).flatMap(n -> receiver(n, forApi(problems)));
        return checked(problems, r, "not a receiver");
    }

    /**
     * The routing tree with the API's routes: when the file has a top route, {@code json} may only
     * hold {@code routes}, tried after the file's own and inheriting from its top route; when it has
     * none, {@code json} is a whole top route, as the file's {@code route:} would be. Every receiver
     * a route names must be in {@code receivers}. Throws {@link ReceiverException} of kind INVALID.
     */
    public static RouteNode apiRoutes(String json, Optional<RouteNode> fileRoute, Set<String> receivers) {
        Problems problems = new Problems();
        ReadContext ctx = forApi(problems);
        Optional<Node> tree = TreeReader.json(json.isBlank() ? "{}" : json, problems);
        Optional<RouteNode> out = tree.flatMap(n -> MapReader.of(n, "the routes", ctx))
                .flatMap(r -> {
                    if (fileRoute.isEmpty()) {
                        return route(r, RouteNode.Timings.DEFAULT, List.of(), true);
                    }
                    RouteNode top = fileRoute.get();
                    for (String key : r.node().entries().keySet()) {
                        if (!key.equals("routes")) {
                            problems.add(
                                    r.node().get(key).orElse(r.node()),
                                    "the top route is defined in the configuration file; give only routes: [...]"
                                            + " here, which are tried after the file's routes");
                        }
                    }
                    List<RouteNode> mine = new ArrayList<>();
                    r.node("routes").ifPresent(routes -> {
                        if (routes instanceof Node.ListNode list) {
                            for (Node item : list.items()) {
                                MapReader.of(item, "a route", ctx)
                                        .flatMap(c -> route(
                                                c, top.timings(), top.groupBy(), false, Optional.of(top.receiver())))
                                        .ifPresent(mine::add);
                            }
                        } else {
                            problems.add(routes, "routes must be a list of routes, not " + routes.describe());
                        }
                    });
                    List<RouteNode> all = new ArrayList<>(top.routes());
                    all.addAll(mine);
                    return Optional.of(new RouteNode(
                            top.receiver(),
                            top.match(),
                            top.matchRe(),
                            top.groupBy(),
                            top.timings(),
                            top.continueMatching(),
                            all));
                });
        tree.ifPresent(n -> checkReceivers(n, receivers, ctx));
        return checked(problems, out, "not a route");
    }

    private static ReadContext forApi(Problems problems) {
        return ReadContext.forApi(problems);
    }

    private static <T> T checked(Problems problems, Optional<T> value, String what) {
        if (!problems.isEmpty() || value.isEmpty()) {
            List<Problem> all = problems.sorted().stream()
                    // A missing key is reported at the map's path plus the key; the body's map has none.
                    .map(p -> p.path().startsWith(".")
                            ? new Problem(p.location(), p.path().substring(1), p.message())
                            : p)
                    .toList();
            throw new ReceiverException(
                    ReceiverException.Kind.INVALID,
                    all.isEmpty() ? what : all.get(0).message(),
                    all);
        }
        return value.get();
    }

    // ---- receivers

    private static List<Receiver> receivers(Node node, ReadContext ctx) {
        if (!(node instanceof Node.ListNode list)) {
            ctx.problems()
                    .add(
                            node,
                            "receivers must be a list (each item starting with \"- name: ...\"), not "
                                    + node.describe());
            return List.of();
        }
        List<Receiver> out = new ArrayList<>();
        Map<String, Node> seen = new HashMap<>();
        for (Node item : list.items()) {
            Optional<Receiver> r = receiver(item, ctx);
            if (r.isEmpty()) {
                continue;
            }
            Node first = seen.putIfAbsent(r.get().name(), item);
            if (first != null) {
                ctx.problems()
                        .add(
                                item,
                                "receiver name \"" + r.get().name() + "\" is used twice; the first is at line "
                                        + first.location().line());
                continue;
            }
            out.add(r.get());
        }
        return out;
    }

    /** One receiver: its name and at least one channel. */
    private static Optional<Receiver> receiver(Node item, ReadContext ctx) {
        Optional<MapReader> m = MapReader.of(item, "a receiver", ctx);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        MapReader r = m.get();
        Optional<String> name = r.required("name", NAME_PARSER);
        List<Receiver.Target> targets = new ArrayList<>();
        r.node("webhook")
                .flatMap(n -> MapReader.of(n, "webhook", ctx))
                .ifPresent(w -> webhook(w).ifPresent(targets::add));
        r.node("slack")
                .flatMap(n -> MapReader.of(n, "slack", ctx))
                .ifPresent(w -> urlTarget(w, Receiver.Slack::new).ifPresent(targets::add));
        r.node("teams")
                .flatMap(n -> MapReader.of(n, "teams", ctx))
                .ifPresent(w -> urlTarget(w, Receiver.Teams::new).ifPresent(targets::add));
        r.node("alertmanager")
                .flatMap(n -> MapReader.of(n, "alertmanager", ctx))
                .ifPresent(w -> urlTarget(w, Receiver.Alertmanager::new).ifPresent(targets::add));
        r.node("pagerduty")
                .flatMap(n -> MapReader.of(n, "pagerduty", ctx))
                .ifPresent(w -> pagerduty(w).ifPresent(targets::add));
        r.node("email").flatMap(n -> MapReader.of(n, "email", ctx)).ifPresent(w -> email(w).ifPresent(targets::add));
        boolean any = TARGETS.stream().anyMatch(r::has);
        r.finish();
        if (name.isEmpty()) {
            return Optional.empty();
        }
        if (!any) {
            ctx.problems()
                    .add(
                            item,
                            "receiver \"" + name.get() + "\" has no channel: give one of "
                                    + String.join(", ", new java.util.TreeSet<>(TARGETS)));
            return Optional.empty();
        }
        return Optional.of(new Receiver(name.get(), targets));
    }

    private static Optional<Receiver.Target> webhook(MapReader r) {
        Optional<URI> url = r.required("url", HTTP_URL);
        Optional<Secret> secret = r.secret("secret");
        Duration timeout = r.value("timeout", TIMEOUT, DEFAULT_TIMEOUT);
        r.finish();
        return url.map(u -> new Receiver.Webhook(u, secret.filter(s -> !s.isEmpty()), timeout));
    }

    private static Optional<Receiver.Target> urlTarget(
            MapReader r, java.util.function.BiFunction<URI, Duration, Receiver.Target> make) {
        Optional<URI> url = r.required("url", HTTP_URL);
        Duration timeout = r.value("timeout", TIMEOUT, DEFAULT_TIMEOUT);
        r.finish();
        return url.map(u -> make.apply(u, timeout));
    }

    private static Optional<Receiver.Target> pagerduty(MapReader r) {
        Optional<Secret> key = r.secret("routing_key");
        URI url = r.value("url", HTTP_URL, PAGERDUTY);
        Duration timeout = r.value("timeout", TIMEOUT, DEFAULT_TIMEOUT);
        r.finish();
        if (key.isEmpty() || key.get().isEmpty()) {
            r.context().problems().add(r.node(), "routing_key is required for pagerduty");
            return Optional.empty();
        }
        return Optional.of(new Receiver.PagerDuty(key.get(), url, timeout));
    }

    private static Optional<Receiver.Target> email(MapReader r) {
        Optional<List<String>> to =
                r.required("to", Scalars.listOf(EMAIL).where(l -> !l.isEmpty(), "must name at least one address"));
        String from = r.value("from", EMAIL, "vitals@localhost");
        Optional<Receiver.Smtp> smtp = r.node("smtp")
                .flatMap(n -> MapReader.of(n, "smtp", r.context()))
                .flatMap(AlertingReader::smtp);
        if (!r.has("smtp")) {
            r.context()
                    .problems()
                    .add(r.node(), "smtp is required for email: smtp: { host: mail.example.org, port: 587 }");
        }
        r.finish();
        if (to.isEmpty() || smtp.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Receiver.Email(to.get(), from, smtp.get()));
    }

    private static Optional<Receiver.Smtp> smtp(MapReader r) {
        Optional<String> host = r.required("host", Scalars.nonBlank());
        int port = r.value("port", Scalars.port(), 25);
        Receiver.StartTls starttls = r.value(
                "starttls",
                Scalars.oneOf(Set.of("always", "if_offered", "never"))
                        .map(s -> Receiver.StartTls.valueOf(s.toUpperCase(java.util.Locale.ROOT))),
                Receiver.StartTls.IF_OFFERED);
        Optional<String> username = r.optional("username", Scalars.nonBlank());
        Optional<Secret> password = r.secret("password");
        Duration timeout = r.value("timeout", TIMEOUT, DEFAULT_TIMEOUT);
        if (password.isPresent() && username.isEmpty()) {
            r.context().problems().add(r.node(), "a password needs a username");
        }
        r.finish();
        return host.map(h -> new Receiver.Smtp(h, port, starttls, username, password, timeout));
    }

    // ---- the routing tree

    private static final ValueParser<Duration> GROUP_WAIT = Scalars.duration()
            .where(d -> !d.isNegative() && d.compareTo(Duration.ofHours(1)) <= 0, "must be between 0s and 1h");
    private static final ValueParser<Duration> GROUP_INTERVAL = Scalars.duration()
            .where(
                    d -> d.compareTo(Duration.ofSeconds(1)) >= 0 && d.compareTo(Duration.ofDays(1)) <= 0,
                    "must be between 1s and 1d");
    private static final ValueParser<Duration> REPEAT_INTERVAL = Scalars.duration()
            .where(
                    d -> d.compareTo(Duration.ofMinutes(1)) >= 0 && d.compareTo(Duration.ofDays(30)) <= 0,
                    "must be between 1m and 30d");

    /** A node, with its parent's receiver, grouping and timings as defaults (the root has a receiver of its own). */
    private static Optional<RouteNode> route(
            MapReader r, RouteNode.Timings inherited, List<String> inheritedGroupBy, boolean root) {
        return route(r, inherited, inheritedGroupBy, root, Optional.empty());
    }

    private static Optional<RouteNode> route(
            MapReader r,
            RouteNode.Timings inherited,
            List<String> inheritedGroupBy,
            boolean root,
            Optional<String> parentReceiver) {
        ReadContext ctx = r.context();
        Optional<String> receiver = root
                ? r.required("receiver", NAME_PARSER)
                : r.optional("receiver", NAME_PARSER).or(() -> parentReceiver);
        List<String> groupBy = r.value("group_by", Scalars.listOf(Scalars.nonBlank()), inheritedGroupBy);
        RouteNode.Timings t = new RouteNode.Timings(
                r.value("group_wait", GROUP_WAIT, inherited.groupWait()),
                r.value("group_interval", GROUP_INTERVAL, inherited.groupInterval()),
                r.value("repeat_interval", REPEAT_INTERVAL, inherited.repeatInterval()));
        Map<String, String> match = r.value("match", Scalars.mapOf(Scalars.string()), Map.of());
        Map<String, Pattern> matchRe = r.value("match_re", Scalars.mapOf(Scalars.regex()), Map.of());
        boolean cont = r.value("continue", Scalars.bool(), false);
        if (root && (r.has("match") || r.has("match_re") || r.has("continue"))) {
            ctx.problems()
                    .add(
                            r.node(),
                            "the top route takes every alert: match, match_re and continue belong to its routes");
        }
        List<RouteNode> children = new ArrayList<>();
        Optional<Node> routes = r.node("routes");
        if (routes.isPresent()) {
            if (routes.get() instanceof Node.ListNode list) {
                for (Node item : list.items()) {
                    MapReader.of(item, "a route", ctx)
                            .flatMap(c -> route(c, t, groupBy, false, receiver))
                            .ifPresent(children::add);
                }
            } else {
                ctx.problems()
                        .add(
                                routes.get(),
                                "routes must be a list of routes, not "
                                        + routes.get().describe());
            }
        }
        r.finish();
        return receiver.map(rc -> new RouteNode(rc, match, matchRe, groupBy, t, cont, children));
    }

    /** Every receiver a route names must exist; reported where the route names it. */
    private static void checkReceivers(Node node, Set<String> names, ReadContext ctx) {
        if (!(node instanceof Node.MapNode m)) {
            return;
        }
        m.get("receiver").ifPresent(n -> {
            if (n instanceof Node.ScalarNode s
                    && !s.isNull()
                    && !names.contains(s.text().strip())) {
                String hint = dev.vitals.config.Suggestions.nearest(s.text().strip(), names)
                        .map(x -> "; did you mean \"" + x + "\"?")
                        .orElse(names.isEmpty() ? "; add it under receivers:" : "");
                ctx.problems().add(n, "no receiver named \"" + s.text().strip() + "\"" + hint);
            }
        });
        m.get("routes").ifPresent(rs -> {
            if (rs instanceof Node.ListNode l) {
                l.items().forEach(i -> checkReceivers(i, names, ctx));
            }
        });
    }

    // ---- integrations

    private static List<Integration> integrations(Node node, ReadContext ctx) {
        if (!(node instanceof Node.ListNode list)) {
            ctx.problems()
                    .add(
                            node,
                            "integrations must be a list (each item starting with \"- name: ...\"), not "
                                    + node.describe());
            return List.of();
        }
        List<Integration> out = new ArrayList<>();
        Map<String, Node> names = new HashMap<>();
        Map<String, Node> credentials = new HashMap<>();
        for (Node item : list.items()) {
            Optional<MapReader> m = MapReader.of(item, "an integration", ctx);
            if (m.isEmpty()) {
                continue;
            }
            MapReader r = m.get();
            Optional<String> name = r.required("name", NAME_PARSER);
            Optional<Integration.Kind> kind = r.required(
                    "kind",
                    Scalars.oneOf(Set.of("alertmanager", "pagerduty", "webhook"))
                            .map(s -> Integration.Kind.valueOf(s.toUpperCase(java.util.Locale.ROOT))));
            Optional<Secret> credential = Optional.empty();
            if (kind.isPresent()) {
                String key = kind.get() == Integration.Kind.PAGERDUTY ? "routing_key" : "token";
                credential = r.secret(key).filter(s -> !s.isEmpty());
                if (credential.isEmpty()) {
                    ctx.problems()
                            .add(
                                    r.node(),
                                    key + " is required for an integration of kind "
                                            + kind.get().word());
                } else if (kind.get() != Integration.Kind.PAGERDUTY
                        && credential.get().reveal().length() < 8) {
                    ctx.problems().add(r.node().get(key).orElse(r.node()), "the token must be at least 8 characters");
                    credential = Optional.empty();
                } else if (kind.get() == Integration.Kind.PAGERDUTY
                        && !credential.get().reveal().matches("[A-Za-z0-9]{8,64}")) {
                    ctx.problems()
                            .add(
                                    r.node().get(key).orElse(r.node()),
                                    "a routing key is 8 to 64 letters and digits, such as 0123456789abcdef0123456789abcdef");
                    credential = Optional.empty();
                }
            } else {
                r.allow("token", "routing_key", "token_file", "routing_key_file");
            }
            r.finish();
            if (name.isEmpty() || kind.isEmpty() || credential.isEmpty()) {
                continue;
            }
            Node first = names.putIfAbsent(name.get(), item);
            if (first != null) {
                ctx.problems()
                        .add(
                                item,
                                "integration name \"" + name.get() + "\" is used twice; the first is at line "
                                        + first.location().line());
                continue;
            }
            Node same = credentials.putIfAbsent(
                    kind.get().word() + ":" + credential.get().reveal(), item);
            if (same != null) {
                // The credential is what identifies the sender: two integrations cannot share one.
                ctx.problems()
                        .add(
                                item,
                                "integration \"" + name.get() + "\" has the same credential as the one at line "
                                        + same.location().line());
                continue;
            }
            out.add(new Integration(name.get(), kind.get(), credential.get()));
        }
        return out;
    }
}

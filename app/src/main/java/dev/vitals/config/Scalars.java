package dev.vitals.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Parsers for the value types configuration is made of. Each reports its own problems. */
public final class Scalars {
    private Scalars() {}

    public static ValueParser<String> string() {
        return (node, ctx) -> {
            if (node instanceof Node.ScalarNode s && !s.isNull()) {
                return Optional.of(s.text());
            }
            ctx.problems().add(node, "expected text, found " + node.describe());
            return Optional.empty();
        };
    }

    public static ValueParser<String> nonBlank() {
        return string().where(s -> !s.isBlank(), "must not be empty");
    }

    public static ValueParser<Long> integer(long min, long max) {
        return (node, ctx) -> {
            if (node instanceof Node.ScalarNode s && !s.isNull()) {
                try {
                    long v = Long.parseLong(s.text().strip());
                    if (v < min || v > max) {
                        ctx.problems().add(node, "must be between " + min + " and " + max + ", not " + v);
                        return Optional.empty();
                    }
                    return Optional.of(v);
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
            ctx.problems().add(node, "expected a whole number, found " + quoted(node));
            return Optional.empty();
        };
    }

    public static ValueParser<Integer> port() {
        return integer(1, 65535).map(Long::intValue);
    }

    public static ValueParser<Boolean> bool() {
        return (node, ctx) -> {
            if (node instanceof Node.ScalarNode s) {
                switch (s.text().strip().toLowerCase(Locale.ROOT)) {
                    case "true" -> {
                        return Optional.of(true);
                    }
                    case "false" -> {
                        return Optional.of(false);
                    }
                    default -> {}
                }
            }
            ctx.problems().add(node, "expected true or false, found " + quoted(node));
            return Optional.empty();
        };
    }

    public static ValueParser<Duration> duration() {
        return (node, ctx) -> {
            if (node instanceof Node.ScalarNode s && !s.isNull()) {
                Optional<Duration> d = Durations.parse(s.text());
                if (d.isPresent()) {
                    return d;
                }
                String hint = s.type() == Node.ScalarType.NUMBER ? "; add a unit, for example " + s.text() + "s" : "";
                ctx.problems()
                        .add(
                                node,
                                "expected a duration such as 800ms, 30s, 5m, 1h30m or 1d, found " + quoted(node)
                                        + hint);
                return Optional.empty();
            }
            ctx.problems().add(node, "expected a duration such as 30s, found " + node.describe());
            return Optional.empty();
        };
    }

    public static ValueParser<Pattern> regex() {
        return (node, ctx) -> string().parse(node, ctx).flatMap(text -> {
            try {
                return Optional.of(Pattern.compile(text));
            } catch (PatternSyntaxException e) {
                ctx.problems()
                        .add(
                                node,
                                "not a valid regular expression: " + e.getDescription() + " near index "
                                        + e.getIndex());
                return Optional.empty();
            }
        });
    }

    /** One of a fixed set of words, case-insensitive; suggests the nearest when misspelt. */
    public static ValueParser<String> oneOf(Set<String> allowed) {
        return (node, ctx) -> string().parse(node, ctx).flatMap(text -> {
            String v = text.strip().toLowerCase(Locale.ROOT);
            for (String a : allowed) {
                if (a.equalsIgnoreCase(v)) {
                    return Optional.of(a);
                }
            }
            String hint = Suggestions.nearest(v, allowed)
                    .map(s -> "; did you mean \"" + s + "\"?")
                    .orElse("");
            ctx.problems()
                    .add(
                            node,
                            "\"" + text + "\" is not one of " + String.join(", ", new java.util.TreeSet<>(allowed))
                                    + hint);
            return Optional.empty();
        });
    }

    /** An absolute URI with one of the given schemes. */
    public static ValueParser<URI> uri(Set<String> schemes) {
        return (node, ctx) -> string().parse(node, ctx).flatMap(text -> {
            try {
                URI u = new URI(text.strip());
                String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
                if (!schemes.contains(scheme) || u.getHost() == null) {
                    ctx.problems()
                            .add(
                                    node,
                                    "expected an absolute " + String.join(" or ", new java.util.TreeSet<>(schemes))
                                            + " URL with a host, found \"" + text + "\"");
                    return Optional.empty();
                }
                return Optional.of(u);
            } catch (URISyntaxException e) {
                ctx.problems().add(node, "not a valid URL: " + e.getReason() + " at index " + e.getIndex());
                return Optional.empty();
            }
        });
    }

    /** A list of values; a single value is accepted as a list of one, as people often write it. */
    public static <T> ValueParser<List<T>> listOf(ValueParser<T> item) {
        return (node, ctx) -> {
            List<Node> nodes = node instanceof Node.ListNode l ? l.items() : List.of(node);
            if (node instanceof Node.MapNode) {
                ctx.problems().add(node, "expected a list, found " + node.describe());
                return Optional.empty();
            }
            List<T> out = new ArrayList<>();
            boolean ok = true;
            for (Node n : nodes) {
                Optional<T> v = ValueParser.apply(item, n, ctx);
                if (v.isPresent()) {
                    out.add(v.get());
                } else {
                    ok = false;
                }
            }
            return ok ? Optional.of(List.copyOf(out)) : Optional.empty();
        };
    }

    /** A map from text keys to values, keeping the written order. */
    public static <T> ValueParser<Map<String, T>> mapOf(ValueParser<T> value) {
        return (node, ctx) -> {
            if (!(node instanceof Node.MapNode m)) {
                ctx.problems().add(node, "expected a map, found " + node.describe());
                return Optional.empty();
            }
            Map<String, T> out = new LinkedHashMap<>();
            boolean ok = true;
            for (Node.Entry e : m.entries().values()) {
                Optional<T> v = ValueParser.apply(value, e.value(), ctx);
                if (v.isPresent()) {
                    out.put(e.key(), v.get());
                } else {
                    ok = false;
                }
            }
            return ok ? Optional.of(java.util.Collections.unmodifiableMap(out)) : Optional.empty();
        };
    }

    static String quoted(Node node) {
        return node instanceof Node.ScalarNode s && !s.isNull() ? "\"" + s.text() + "\"" : node.describe();
    }
}

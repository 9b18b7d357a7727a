package dev.vitals.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the keys of one map strictly. Each key a reader asks for becomes a known key; {@link
 * #finish()} reports every key that was written but never asked for, with the nearest known key as
 * a suggestion. A reader therefore asks for every key its section allows, even those that only
 * matter in some cases, so that they are not reported as unknown.
 */
public final class MapReader {
    private final Node.MapNode map;
    private final ReadContext ctx;
    private final Set<String> known = new LinkedHashSet<>();

    private MapReader(Node.MapNode map, ReadContext ctx) {
        this.map = map;
        this.ctx = ctx;
    }

    /** A reader for {@code node}, or empty after reporting that a map of {@code what} was expected. */
    public static Optional<MapReader> of(Node node, String what, ReadContext ctx) {
        if (node instanceof Node.MapNode m) {
            return Optional.of(new MapReader(m, ctx));
        }
        ctx.problems().add(node, what + " must be a map of keys and values, not " + node.describe());
        return Optional.empty();
    }

    public Node.MapNode node() {
        return map;
    }

    public ReadContext context() {
        return ctx;
    }

    public boolean has(String key) {
        known.add(key);
        return map.get(key)
                .filter(n -> !(n instanceof Node.ScalarNode s && s.isNull()))
                .isPresent();
    }

    /** The raw node under {@code key}, if written and not empty. */
    public Optional<Node> node(String key) {
        known.add(key);
        return map.get(key).filter(n -> !(n instanceof Node.ScalarNode s && s.isNull()));
    }

    public <T> Optional<T> optional(String key, ValueParser<T> parser) {
        return node(key).flatMap(n -> ValueParser.apply(parser, n, ctx));
    }

    public <T> T value(String key, ValueParser<T> parser, T defaultValue) {
        return optional(key, parser).orElse(defaultValue);
    }

    /** The value under {@code key}; reports "KEY is required" at the map when it is missing. */
    public <T> Optional<T> required(String key, ValueParser<T> parser) {
        Optional<Node> n = node(key);
        if (n.isEmpty()) {
            ctx.problems().add(map.location(), join(key), key + " is required" + where());
            return Optional.empty();
        }
        return ValueParser.apply(parser, n.get(), ctx);
    }

    /**
     * A secret written either inline under {@code key} (usually as {@code ${ENV}}) or as a path under
     * {@code key_file}, whose content (without a trailing newline) is the value. Both at once is an
     * error, since one would silently win.
     */
    public Optional<Secret> secret(String key) {
        String fileKey = key + "_file";
        Optional<Node> inline = node(key);
        Optional<Node> file = node(fileKey);
        if (inline.isPresent() && file.isPresent()) {
            ctx.problems().add(file.get(), "give either " + key + " or " + fileKey + ", not both");
            return Optional.empty();
        }
        if (inline.isPresent()) {
            return ValueParser.apply(Scalars.string(), inline.get(), ctx).map(Secret::new);
        }
        if (file.isEmpty()) {
            return Optional.empty();
        }
        return ValueParser.apply(Scalars.string(), file.get(), ctx).flatMap(p -> {
            Path path = ctx.baseDir().resolve(p);
            try {
                String content = ctx.env().readFile(path);
                return Optional.of(new Secret(content.strip()));
            } catch (IOException e) {
                ctx.problems().add(file.get(), "cannot read " + fileKey + " " + path + ": " + e.getMessage());
                return Optional.empty();
            }
        });
    }

    /** Marks keys as valid without reading them, for keys read by someone else. */
    public void allow(String... keys) {
        known.addAll(Set.of(keys));
    }

    /** Reports every key that no one asked for. Call once, after reading all keys. */
    public void finish() {
        for (Node.Entry e : map.entries().values()) {
            if (known.contains(e.key())) {
                continue;
            }
            String hint = Suggestions.nearest(e.key(), known)
                    .map(s -> "; did you mean \"" + s + "\"?")
                    .orElseGet(() -> "; valid keys" + where() + ": " + String.join(", ", known));
            ctx.problems().add(e.keyLocation(), join(e.key()), "unknown key \"" + e.key() + "\"" + hint);
        }
    }

    private String join(String key) {
        return map.path().isEmpty() ? key : map.path() + "." + key;
    }

    private String where() {
        return map.path().isEmpty() ? "" : " in " + map.path();
    }
}

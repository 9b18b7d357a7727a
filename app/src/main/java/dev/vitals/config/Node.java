package dev.vitals.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One node of a configuration tree. Every node knows where it came from ({@link #location()}) and
 * its path from the root ({@link #path()}, for example {@code monitors[2].expect.status}), so that a
 * problem can be reported both as {@code FILE:LINE:COL} and as a field name in an API error.
 */
public sealed interface Node permits Node.MapNode, Node.ListNode, Node.ScalarNode {
    Location location();

    String path();

    /** Words for the kind of node, used in messages such as "expected a map, found a list". */
    String describe();

    /** A map whose keys keep their own locations, in the order they were written. */
    record MapNode(Location location, String path, Map<String, Entry> entries) implements Node {
        public MapNode {
            entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        public Optional<Node> get(String key) {
            return Optional.ofNullable(entries.get(key)).map(Entry::value);
        }

        @Override
        public String describe() {
            return "a map";
        }
    }

    /** A key of a map with the location of the key itself, which is where unknown keys are reported. */
    record Entry(String key, Location keyLocation, Node value) {}

    record ListNode(Location location, String path, List<Node> items) implements Node {
        public ListNode {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /**
     * A single value. {@code text} is what was written, after environment interpolation; {@code
     * type} is how the parser classified it, so that {@code port: "80"} and {@code port: 80} can be
     * told apart where it matters.
     */
    record ScalarNode(Location location, String path, String text, ScalarType type) implements Node {
        public boolean isNull() {
            return type == ScalarType.NULL;
        }

        @Override
        public String describe() {
            return switch (type) {
                case NULL, BROKEN -> "nothing";
                case BOOLEAN -> "a boolean";
                case NUMBER -> "a number";
                case STRING -> "a string";
            };
        }
    }

    enum ScalarType {
        STRING,
        NUMBER,
        BOOLEAN,
        NULL,
        /** A value whose interpolation failed; its problem is reported already, so readers skip it. */
        BROKEN
    }
}

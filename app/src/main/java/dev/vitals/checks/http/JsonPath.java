package dev.vitals.checks.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The small path language of {@code expect.json}: {@code $.a.b[0].c}, also written without the
 * leading {@code $.}, and {@code ['odd key']} for keys with dots. Enough to point at one value in an
 * API's health answer; not JSONPath's filters or wildcards, which a health check does not need.
 */
final class JsonPath {
    private final String source;
    private final List<Object> steps;

    private JsonPath(String source, List<Object> steps) {
        this.source = source;
        this.steps = steps;
    }

    /** Parses a path; a path it cannot read is an {@link IllegalArgumentException} naming the spot. */
    static JsonPath parse(String path) {
        String p = path.strip();
        int i = 0;
        if (p.startsWith("$")) {
            i = 1;
        } else if (!p.isEmpty() && p.charAt(0) != '[') {
            p = "." + p;
        }
        List<Object> steps = new ArrayList<>();
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < p.length() && p.charAt(end) != '.' && p.charAt(end) != '[') {
                    end++;
                }
                if (end == i + 1) {
                    throw new IllegalArgumentException("empty name at position " + (i + 1));
                }
                steps.add(p.substring(i + 1, end));
                i = end;
            } else if (c == '[') {
                int close = p.indexOf(']', i);
                if (close < 0) {
                    throw new IllegalArgumentException("missing ] after position " + (i + 1));
                }
                String inside = p.substring(i + 1, close).strip();
                if (inside.length() >= 2
                        && ((inside.startsWith("'") && inside.endsWith("'"))
                                || (inside.startsWith("\"") && inside.endsWith("\"")))) {
                    steps.add(inside.substring(1, inside.length() - 1));
                } else if (!inside.isEmpty() && inside.chars().allMatch(Character::isDigit) && inside.length() < 10) {
                    steps.add(Integer.parseInt(inside));
                } else {
                    throw new IllegalArgumentException("expected an index or a quoted name in [" + inside + "]");
                }
                i = close + 1;
            } else {
                throw new IllegalArgumentException("unexpected '" + c + "' at position " + (i + 1));
            }
        }
        return new JsonPath(display(path.strip()), List.copyOf(steps));
    }

    private static String display(String path) {
        if (path.startsWith("$")) {
            return path;
        }
        return path.startsWith("[") ? "$" + path : "$." + path;
    }

    Optional<JsonNode> find(JsonNode root) {
        JsonNode node = root;
        for (Object step : steps) {
            node = step instanceof Integer index ? node.path(index) : node.path((String) step);
            if (node.isMissingNode()) {
                return Optional.empty();
            }
        }
        return Optional.of(node);
    }

    /** A value as text, the way it is compared: strings bare, numbers and booleans as written. */
    static String text(JsonNode node) {
        if (node.isNull()) {
            return "null";
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    @Override
    public String toString() {
        return source;
    }
}

package dev.vitals.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns YAML or JSON text into a {@link Node} tree that remembers where each value was written.
 * Jackson's streaming parser gives us tokens with locations; building our own small tree (rather
 * than binding to classes) is what lets readers report every problem with its line and column.
 */
public final class TreeReader {
    /** Deeper than any sensible configuration; stops hostile input from exhausting the stack. */
    private static final int MAX_DEPTH = 64;

    /**
     * The largest YAML document read, in code points. SnakeYAML's default, 3 MiB, refused the
     * configuration of 100,000 push monitors that issue 6 is about (about 10 MB, a hundred characters a
     * monitor); 64 MiB leaves room for ten times that, and still stops a runaway file.
     */
    static final int MAX_YAML_CODE_POINTS = 64 * 1024 * 1024;

    private static final YAMLFactory YAML = YAMLFactory.builder()
            .loaderOptions(yamlLimits())
            .streamReadConstraints(
                    StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(
                    StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    private static org.yaml.snakeyaml.LoaderOptions yamlLimits() {
        org.yaml.snakeyaml.LoaderOptions o = new org.yaml.snakeyaml.LoaderOptions();
        o.setCodePointLimit(MAX_YAML_CODE_POINTS);
        return o;
    }

    private final String source;
    private final Environment env;
    private final boolean interpolate;
    private final Problems problems;

    private TreeReader(String source, Environment env, boolean interpolate, Problems problems) {
        this.source = source;
        this.env = env;
        this.interpolate = interpolate;
        this.problems = problems;
    }

    /**
     * Reads YAML written by a person: {@code ${ENV}} references are replaced. Syntax errors are added
     * to {@code problems} and give an empty result.
     */
    public static Optional<Node> yaml(String source, String text, Environment env, Problems problems) {
        return new TreeReader(source, env, true, problems).read(YAML, text);
    }

    /** Reads a JSON request body; no interpolation, since API callers send values, not templates. */
    public static Optional<Node> json(String text, Problems problems) {
        return new TreeReader("body", Environment.of(Map.of()), false, problems).read(JSON, text);
    }

    private Optional<Node> read(JsonFactory factory, String text) {
        try (JsonParser p = factory.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return Optional.of(new Node.MapNode(new Location(source, 1, 1), "", Map.of()));
            }
            Node root = node(p, "");
            JsonToken trailing = p.nextToken();
            if (trailing != null) {
                problems.add(
                        location(p.currentTokenLocation()), "", "unexpected content after the end of the document");
            }
            return Optional.of(root);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            Location loc = at == null ? Location.unknown(source) : location(at);
            problems.add(loc, "", "not valid " + (factory == YAML ? "YAML" : "JSON") + ": " + e.getOriginalMessage());
            return Optional.empty();
        } catch (IOException e) {
            problems.add(Location.unknown(source), "", "could not be read: " + e.getMessage());
            return Optional.empty();
        }
    }

    private Node node(JsonParser p, String path) throws IOException {
        Location at = location(p.currentTokenLocation());
        JsonToken t = p.currentToken();
        return switch (t) {
            case START_OBJECT -> map(p, path, at);
            case START_ARRAY -> list(p, path, at);
            case VALUE_STRING -> scalar(at, path, p.getText(), Node.ScalarType.STRING);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> scalar(at, path, p.getText(), Node.ScalarType.NUMBER);
            case VALUE_TRUE, VALUE_FALSE -> new Node.ScalarNode(at, path, p.getText(), Node.ScalarType.BOOLEAN);
            case VALUE_NULL -> new Node.ScalarNode(at, path, "", Node.ScalarType.NULL);
            default -> {
                problems.add(at, path, "unsupported value (" + t + ")");
                yield new Node.ScalarNode(at, path, "", Node.ScalarType.NULL);
            }
        };
    }

    private Node scalar(Location at, String path, String text, Node.ScalarType type) {
        if (!interpolate) {
            return new Node.ScalarNode(at, path, text, type);
        }
        int before = problems.size();
        String value = Interpolation.apply(text, env, message -> problems.add(at, path, message));
        return new Node.ScalarNode(at, path, value, problems.size() > before ? Node.ScalarType.BROKEN : type);
    }

    private Node map(JsonParser p, String path, Location at) throws IOException {
        Map<String, Node.Entry> entries = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            Location keyAt = location(p.currentTokenLocation());
            p.nextToken();
            String childPath = path.isEmpty() ? key : path + "." + key;
            Node value = node(p, childPath);
            if (entries.containsKey(key)) {
                Location first = entries.get(key).keyLocation();
                problems.add(keyAt, childPath, "\"" + key + "\" is given twice; the first is at line " + first.line());
                continue;
            }
            entries.put(key, new Node.Entry(key, keyAt, value));
        }
        return new Node.MapNode(at, path, entries);
    }

    private Node list(JsonParser p, String path, Location at) throws IOException {
        List<Node> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            items.add(node(p, path + "[" + items.size() + "]"));
        }
        return new Node.ListNode(at, path, items);
    }

    private Location location(JsonLocation at) {
        return new Location(source, at.getLineNr(), at.getColumnNr());
    }
}

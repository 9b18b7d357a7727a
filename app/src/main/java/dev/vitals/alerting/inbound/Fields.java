package dev.vitals.alerting.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads the fields of a JSON payload, collecting every problem with the path where it is. */
final class Fields {
    static final int MAX_LABELS = 64;
    static final int MAX_VALUE = 4096;
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]{0,127}");
    /** Alertmanager writes this for "not set". */
    private static final Instant ZERO = Instant.parse("0001-01-01T00:00:00Z");

    final List<String> errors = new ArrayList<>();

    void error(String path, String message) {
        if (errors.size() < 50) {
            errors.add(path + ": " + message);
        }
    }

    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new PayloadException(errors);
        }
    }

    /** A map of label names to text values; names as Prometheus allows them. */
    Map<String, String> labels(JsonNode node, String path, boolean required) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull() || node.isMissingNode()) {
            if (required) {
                error(path, "is required");
            }
            return out;
        }
        if (!node.isObject()) {
            error(path, "must be an object of names to text values");
            return out;
        }
        if (node.size() > MAX_LABELS) {
            error(path, "has " + node.size() + " entries; at most " + MAX_LABELS);
            return out;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String where = path + "." + e.getKey();
            if (!LABEL_NAME.matcher(e.getKey()).matches()) {
                error(where, "is not a valid name (letters, digits and _, not starting with a digit)");
            } else if (!e.getValue().isTextual()) {
                error(where, "must be text");
            } else if (e.getValue().asText().length() > MAX_VALUE) {
                error(where, "is longer than " + MAX_VALUE + " characters");
            } else {
                out.put(e.getKey(), e.getValue().asText());
            }
        }
        return out;
    }

    /** Free-text values (annotations, details): any keys, text values; others are written as JSON. */
    Map<String, String> texts(JsonNode node, String path) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull() || node.isMissingNode()) {
            return out;
        }
        if (!node.isObject()) {
            error(path, "must be an object");
            return out;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String v = e.getValue().isTextual()
                    ? e.getValue().asText()
                    : e.getValue().toString();
            out.put(e.getKey(), v.length() > MAX_VALUE ? v.substring(0, MAX_VALUE) : v);
        }
        return out;
    }

    /** An RFC 3339 time; Alertmanager's zero time and absent are empty. */
    Optional<Instant> time(JsonNode node, String path) {
        if (node == null
                || node.isNull()
                || node.isMissingNode()
                || (node.isTextual() && node.asText().isEmpty())) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            error(path, "must be a time such as 2026-11-25T10:00:00Z");
            return Optional.empty();
        }
        try {
            Instant t = OffsetDateTime.parse(node.asText()).toInstant();
            return t.equals(ZERO) || t.isBefore(Instant.EPOCH) ? Optional.empty() : Optional.of(t);
        } catch (DateTimeParseException e) {
            error(path, "\"" + cut(node.asText()) + "\" is not a time such as 2026-11-25T10:00:00Z");
            return Optional.empty();
        }
    }

    Optional<String> text(JsonNode node, String path, boolean required, int max) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            if (required) {
                error(path, "is required");
            }
            return Optional.empty();
        }
        if (!node.isTextual()) {
            error(path, "must be text");
            return Optional.empty();
        }
        String s = node.asText();
        if (required && s.isBlank()) {
            error(path, "must not be empty");
            return Optional.empty();
        }
        if (s.length() > max) {
            error(path, "is longer than " + max + " characters");
            return Optional.empty();
        }
        return Optional.of(s);
    }

    static String cut(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }
}

package dev.vitals.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Building blocks of the channels' JSON payloads. Each format builds its tree by hand, key by key,
 * so that the wire format is visible in the code and cannot change by renaming a Java field.
 */
public final class PayloadJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PayloadJson() {}

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** Labels or annotations as a JSON object, in key order. */
    public static ObjectNode strings(Map<String, String> values) {
        ObjectNode o = object();
        values.forEach(o::put);
        return o;
    }

    /** ISO-8601 in UTC, to the second when the time has no fraction: {@code 2026-11-20T10:00:00Z}. */
    public static String time(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t);
    }

    public static String write(JsonNode tree) {
        try {
            return MAPPER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            // A tree of plain nodes always serialises; this would be a bug in Jackson.
            throw new NotifyException("cannot write a notification payload: " + e.getMessage());
        }
    }
}

package dev.vitals.silences;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitals.config.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a person asks for when making a silence: matchers, an optional start (default: now), an end
 * given as {@code ends_at} or as a {@code duration} from the start, and a comment. Read strictly
 * from JSON; {@link Silences#create} checks it against the clock.
 */
public record SilenceRequest(
        List<Matcher> matchers,
        Optional<Instant> startsAt,
        Optional<Instant> endsAt,
        Optional<Duration> duration,
        String comment) {
    private static final Set<String> KEYS = Set.of("matchers", "starts_at", "ends_at", "duration", "comment");

    /** The longest comment kept; it is shown wherever the silence mutes something. */
    static final int MAX_COMMENT = 1000;

    public SilenceRequest {
        matchers = List.copyOf(matchers);
    }

    /** Reads a request body; throws {@link SilenceException} naming the field at the first mistake. */
    public static SilenceRequest fromJson(String body) {
        ObjectNode o = object(body, KEYS);
        List<Matcher> matchers = Matchers.fromJson("matchers", o.get("matchers"));
        Optional<Instant> start = text(o, "starts_at").map(t -> instant("starts_at", t));
        Optional<Instant> end = text(o, "ends_at").map(t -> instant("ends_at", t));
        Optional<Duration> duration = text(o, "duration")
                .map(t -> Durations.parse(t)
                        .filter(d -> !d.isNegative() && !d.isZero())
                        .orElseThrow(() -> new SilenceException(
                                "duration",
                                "duration must be a positive duration such as 2h or 3d, not \"" + t + "\"")));
        if (end.isPresent() && duration.isPresent()) {
            throw new SilenceException("duration", "give ends_at or duration, not both");
        }
        if (end.isEmpty() && duration.isEmpty()) {
            throw new SilenceException("ends_at", "ends_at (or duration) is required: a silence always ends");
        }
        String comment = text(o, "comment")
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .orElseThrow(() -> new SilenceException("comment", "comment is required: say why this is silenced"));
        if (comment.length() > MAX_COMMENT) {
            throw new SilenceException("comment", "comment is longer than " + MAX_COMMENT + " characters");
        }
        return new SilenceRequest(matchers, start, end, duration, comment);
    }

    /** The body of a preview: just {@code {"matchers": [...]}}. */
    public static List<Matcher> matchersFromJson(String body) {
        return Matchers.fromJson("matchers", object(body, Set.of("matchers")).get("matchers"));
    }

    static ObjectNode object(String body, Set<String> keys) {
        JsonNode n;
        try {
            n = Matchers.JSON.readTree(body.isBlank() ? "{}" : body);
        } catch (JsonProcessingException e) {
            throw new SilenceException("body", "the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(n instanceof ObjectNode o)) {
            throw new SilenceException("body", "the body must be a JSON object");
        }
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!keys.contains(k)) {
                throw new SilenceException(
                        k,
                        "unknown field \"" + k + "\"; valid fields: "
                                + String.join(", ", new java.util.TreeSet<>(keys)));
            }
        }
        return o;
    }

    private static Optional<String> text(ObjectNode o, String key) {
        JsonNode v = o.get(key);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw new SilenceException(key, key + " must be text");
        }
        return Optional.of(v.asText());
    }

    private static Instant instant(String field, String text) {
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new SilenceException(
                    field, field + " must be an ISO-8601 time such as 2026-11-24T10:00:00Z, not \"" + text + "\"");
        }
    }
}

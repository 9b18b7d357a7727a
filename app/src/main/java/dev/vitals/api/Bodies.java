package dev.vitals.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Small JSON request bodies (sign-in, users, tokens): read strictly, every mistake named by field. */
final class Bodies {
    private final ObjectNode body;

    private Bodies(ObjectNode body) {
        this.body = body;
    }

    /** The body as a JSON object allowing only {@code keys}. */
    static Bodies of(Context ctx, Set<String> keys) {
        String text = Params.body(ctx);
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(text.isBlank() ? "{}" : text);
        } catch (StreamConstraintsException e) {
            // The parser's limits (nesting depth, length of a number or a text) come without a location.
            throw ApiException.badRequest(
                    "body", "the body nests too deeply, or holds a number or a text too long to read");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw ApiException.badRequest(
                    "body",
                    at == null
                            ? "the body is not valid JSON"
                            : "the body is not valid JSON (line " + at.getLineNr() + ", column " + at.getColumnNr()
                                    + ")");
        }
        if (!(n instanceof ObjectNode o)) {
            throw ApiException.badRequest("body", "the body must be a JSON object");
        }
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!keys.contains(k)) {
                throw ApiException.badRequest(
                        k,
                        "unknown field \"" + k + "\"; valid fields: "
                                + String.join(", ", new java.util.TreeSet<>(keys)));
            }
        }
        return new Bodies(o);
    }

    Optional<String> text(String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest(field, field + " must be text");
        }
        return Optional.of(v.asText());
    }

    String required(String field) {
        return text(field)
                .filter(s -> !s.isBlank())
                .orElseThrow(() -> ApiException.badRequest(field, field + " is required"));
    }

    Optional<Boolean> bool(String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isBoolean()) {
            throw ApiException.badRequest(field, field + " must be true or false");
        }
        return Optional.of(v.asBoolean());
    }

    Optional<List<String>> strings(String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isArray()) {
            throw ApiException.badRequest(field, field + " must be a list of text");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw ApiException.badRequest(field, field + " must be a list of text");
            }
            out.add(item.asText());
        }
        return Optional.of(out);
    }
}

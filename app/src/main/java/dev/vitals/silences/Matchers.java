package dev.vitals.silences;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads matchers as people write them: JSON objects {@code {"name","op","value"}} (the form stored
 * in the {@code silences} table) or the short form {@code service=~"erp|crm"} of Alertmanager's
 * amtool. Every mistake names its field, such as {@code matchers[1].value}.
 */
public final class Matchers {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEYS = Set.of("name", "op", "value");

    private Matchers() {}

    /** The short form: a label name, an operator, and a value, quoted ({@code "a\"b"}) or bare. */
    public static Matcher parse(String field, String text) {
        String s = text.strip();
        int i = 0;
        while (i < s.length() && isNameChar(s.charAt(i))) {
            i++;
        }
        String name = s.substring(0, i);
        String rest = s.substring(i).stripLeading();
        Matcher.Op op = null;
        for (String sym : List.of("=~", "!~", "!=", "=")) {
            if (rest.startsWith(sym)) {
                op = Matcher.Op.of(sym).orElseThrow();
                rest = rest.substring(sym.length()).strip();
                break;
            }
        }
        if (name.isEmpty() || op == null) {
            throw new SilenceException(
                    field,
                    "\"" + text + "\" is not a matcher; write name=\"value\", name!=\"value\", name=~\"regex\""
                            + " or name!~\"regex\"");
        }
        return Matcher.of(field, name, op, unquote(field, rest));
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-';
    }

    private static String unquote(String field, String v) {
        if (!v.startsWith("\"")) {
            return v;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) {
                out.append(v.charAt(++i));
            } else if (c == '"') {
                if (i != v.length() - 1) {
                    throw new SilenceException(field, "text after the closing quote in " + v);
                }
                return out.toString();
            } else {
                out.append(c);
            }
        }
        throw new SilenceException(field, "the value " + v + " has no closing quote");
    }

    /** A JSON list of matchers, each an object or a string in the short form; at least one. */
    public static List<Matcher> fromJson(String field, JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            throw new SilenceException(field, field + " is required: a list such as [\"service=~\\\"erp|crm\\\"\"]");
        }
        if (!(node instanceof ArrayNode list)) {
            throw new SilenceException(field, field + " must be a list of matchers");
        }
        if (list.isEmpty()) {
            throw new SilenceException(field, field + " must hold at least one matcher");
        }
        if (list.size() > 50) {
            throw new SilenceException(field, field + " holds more than 50 matchers");
        }
        List<Matcher> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(one(field + "[" + i + "]", list.get(i)));
        }
        return List.copyOf(out);
    }

    private static Matcher one(String field, JsonNode n) {
        if (n.isTextual()) {
            return parse(field, n.asText());
        }
        if (!(n instanceof ObjectNode o)) {
            throw new SilenceException(
                    field,
                    "a matcher is an object {\"name\", \"op\", \"value\"} or a string such as" + " service=\"erp\"");
        }
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                throw new SilenceException(
                        field + "." + k, "unknown field \"" + k + "\"; a matcher has name, op, value");
            }
        }
        String name = text(o, field, "name").orElse("");
        String opText = text(o, field, "op").orElse("=");
        Matcher.Op op = Matcher.Op.of(opText)
                .orElseThrow(() ->
                        new SilenceException(field + ".op", "op must be one of =, !=, =~, !~, not \"" + opText + "\""));
        String value = text(o, field, "value")
                .orElseThrow(() -> new SilenceException(field + ".value", "value is required (it may be \"\")"));
        return Matcher.of(field, name, op, value);
    }

    private static java.util.Optional<String> text(ObjectNode o, String field, String key) {
        JsonNode v = o.get(key);
        if (v == null || v.isNull()) {
            return java.util.Optional.empty();
        }
        if (!v.isTextual()) {
            throw new SilenceException(field + "." + key, key + " must be text");
        }
        return java.util.Optional.of(v.asText());
    }

    /** The stored form: a JSON list of {@code {name, op, value}}. */
    static String toJson(List<Matcher> matchers) {
        ArrayNode a = JSON.createArrayNode();
        for (Matcher m : matchers) {
            a.addObject().put("name", m.name()).put("op", m.op().symbol()).put("value", m.value());
        }
        return a.toString();
    }

    static List<Matcher> fromStored(String json) {
        try {
            return fromJson("matchers", JSON.readTree(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SilenceException("matchers", "stored matchers are not JSON: " + e.getOriginalMessage());
        }
    }

    /** The matchers as JSON-ready maps, for API answers. */
    public static List<Map<String, String>> view(List<Matcher> matchers) {
        return matchers.stream()
                .map(m -> {
                    // In this order on the wire, as people read a matcher.
                    Map<String, String> v = new java.util.LinkedHashMap<>();
                    v.put("name", m.name());
                    v.put("op", m.op().symbol());
                    v.put("value", m.value());
                    return v;
                })
                .toList();
    }

    /** Whether all of {@code matchers} accept {@code labels}. */
    public static boolean all(List<Matcher> matchers, Map<String, String> labels) {
        for (Matcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }
}

package dev.vitals.silences;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One condition on one label, as in Alertmanager: {@code =} and {@code !=} compare the value,
 * {@code =~} and {@code !~} match a regular expression against the <em>whole</em> value (anchored
 * as {@code ^(?:re)$}, so {@code erp} does not match {@code erp-test}). A label that is absent counts
 * as the empty string, which is why {@code team!="finance"} matches alerts without a team.
 */
public record Matcher(String name, Op op, String value, Optional<Pattern> pattern) {
    /** The four operators, written as in Alertmanager and PromQL. */
    public enum Op {
        EQUAL("="),
        NOT_EQUAL("!="),
        REGEX("=~"),
        NOT_REGEX("!~");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        public boolean isRegex() {
            return this == REGEX || this == NOT_REGEX;
        }

        /** The operator written as {@code symbol}, or empty. */
        public static Optional<Op> of(String symbol) {
            for (Op op : values()) {
                if (op.symbol.equals(symbol)) {
                    return Optional.of(op);
                }
            }
            return Optional.empty();
        }
    }

    /** The longest value or regular expression accepted; a longer one is a paste gone wrong. */
    static final int MAX_VALUE = 1000;

    public Matcher {
        pattern = op.isRegex() ? pattern.isPresent() ? pattern : Optional.of(compile(value)) : Optional.empty();
    }

    /**
     * A matcher, checked: throws {@link SilenceException} naming {@code field} when the name is empty
     * or the regular expression does not compile. Compiled here, once, not at every match.
     */
    public static Matcher of(String field, String name, Op op, String value) {
        if (name == null || name.isBlank()) {
            throw new SilenceException(field + ".name", "a matcher needs a label name");
        }
        if (!name.strip().matches("[A-Za-z_][A-Za-z0-9_.\\-]*")) {
            throw new SilenceException(
                    field + ".name",
                    "label name \"" + name + "\" must start with a letter or _ and hold only letters, digits, _ . -");
        }
        if (value.length() > MAX_VALUE) {
            throw new SilenceException(field + ".value", "the value is longer than " + MAX_VALUE + " characters");
        }
        if (!op.isRegex()) {
            return new Matcher(name.strip(), op, value, Optional.empty());
        }
        try {
            return new Matcher(name.strip(), op, value, Optional.of(compile(value)));
        } catch (PatternSyntaxException e) {
            throw new SilenceException(
                    field + ".value",
                    "\"" + value + "\" is not a valid regular expression: " + e.getDescription() + " near index "
                            + e.getIndex());
        }
    }

    private static Pattern compile(String re) {
        // Anchored as Alertmanager does, so the expression must match the whole value.
        return Pattern.compile("^(?:" + re + ")$", Pattern.DOTALL);
    }

    /** Whether {@code labels} satisfy this matcher; a missing label is the empty string. */
    public boolean matches(Map<String, String> labels) {
        return matchesValue(labels.getOrDefault(name, ""));
    }

    boolean matchesValue(String v) {
        return switch (op) {
            case EQUAL -> v.equals(value);
            case NOT_EQUAL -> !v.equals(value);
            case REGEX -> pattern.orElseThrow().matcher(v).matches();
            case NOT_REGEX -> !pattern.orElseThrow().matcher(v).matches();
        };
    }

    /** The short form, {@code service=~"erp|crm"}, as {@link Matchers#parse} reads it. */
    @Override
    public String toString() {
        return name + op.symbol + '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    // Patterns have no equals of their own: two matchers are equal when they are written alike.
    @Override
    public boolean equals(Object o) {
        return o instanceof Matcher m && m.name.equals(name) && m.op == op && m.value.equals(value);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(name, op, value);
    }
}

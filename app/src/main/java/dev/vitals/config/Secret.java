package dev.vitals.config;

/**
 * A value that must never be printed: passwords, tokens. {@link #toString()} is redacted so that a
 * secret that reaches a log line or an error message by accident shows as stars.
 */
public record Secret(String reveal) {
    public boolean isEmpty() {
        return reveal.isEmpty();
    }

    @Override
    public String toString() {
        return "******";
    }
}

package dev.vitals.config;

/**
 * One thing wrong with a configuration: where ({@link Location} for files, {@code path} for API
 * bodies) and what, in words a person can act on.
 */
public record Problem(Location location, String path, String message) {
    /** The form {@code vitals validate} prints: {@code FILE:LINE:COL: message}. */
    @Override
    public String toString() {
        return location + ": " + message;
    }
}

package dev.vitals.notify;

import java.util.Locale;

/** What a notification tells: an alert started firing, or it is resolved. */
public enum Event {
    FIRING,
    RESOLVED;

    /** The word stored in the database and sent to receivers. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Event of(String word) {
        return valueOf(word.toUpperCase(Locale.ROOT));
    }
}

package dev.vitals.silences;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A silence: while {@code startsAt <= now < endsAt}, alerts whose labels satisfy every matcher are
 * not notified. Expiring a silence sets its end to the moment of expiry; the row stays, so the list
 * of expired silences tells who muted what and when.
 */
public record Silence(
        String id,
        List<Matcher> matchers,
        Instant startsAt,
        Instant endsAt,
        String createdBy,
        String comment,
        Instant createdAt,
        Instant updatedAt) {

    public enum State {
        PENDING,
        ACTIVE,
        EXPIRED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Silence {
        matchers = List.copyOf(matchers);
    }

    public State state(Instant now) {
        if (!now.isBefore(endsAt)) {
            return State.EXPIRED;
        }
        return now.isBefore(startsAt) ? State.PENDING : State.ACTIVE;
    }

    /** Whether every matcher accepts {@code labels}, whatever the time. */
    public boolean matches(Map<String, String> labels) {
        return Matchers.all(matchers, labels);
    }

    /** Whether it mutes an alert with {@code labels} at {@code now}. */
    public boolean mutes(Map<String, String> labels, Instant now) {
        return state(now) == State.ACTIVE && matches(labels);
    }

    /** How the pipeline names it in an alert's "muted by". */
    public String describe() {
        return "silence " + id + " by " + createdBy + " (" + comment + ")";
    }
}

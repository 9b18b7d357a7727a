package dev.vitals.push;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * One ping of a push monitor's job, as taken: what it says ({@link Kind}), the exit status when the
 * URL gave one, the run id pairing a start with its end, and up to {@link #MAX_BODY} of the request
 * body (the run's log), flagged when more was sent.
 */
public record Ping(
        String monitorId,
        Instant at,
        Kind kind,
        Optional<Integer> exitStatus,
        Optional<String> rid,
        String body,
        boolean truncated,
        String source) {

    /** The most of a body kept: 100 KB, as healthchecks.io keeps. */
    public static final int MAX_BODY = 100 * 1024;

    public enum Kind {
        /** The run ended well ({@code /ping/{key}} or exit status 0). */
        SUCCESS,
        /** A run started. */
        START,
        /** The run failed ({@code /fail} or an exit status from 1 to 255). */
        FAIL,
        /** A message that changes no state. */
        LOG;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind ofWord(String w) {
            return valueOf(w.toUpperCase(Locale.ROOT));
        }

        /** Whether this ping ends a run. */
        public boolean ends() {
            return this == SUCCESS || this == FAIL;
        }
    }
}

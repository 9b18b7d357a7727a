package dev.vitals.evaluation;

import java.util.Locale;

/** The state of a monitor, as people see it. */
public enum State {
    /** No confirmed result yet. */
    PENDING,
    UP,
    /** Answering, but slower than its {@code slow} threshold or failing a {@code warn} assertion. */
    DEGRADED,
    DOWN,
    PAUSED,
    /** Vitals was not running, or could not check. */
    UNKNOWN;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static State ofWord(String word) {
        return valueOf(word.toUpperCase(Locale.ROOT));
    }

    /** Whether the state says something about the service (up, degraded, down). */
    public boolean isJudged() {
        return this == UP || this == DEGRADED || this == DOWN;
    }

    /** Up 0, degraded 1, down 2; only meaningful for judged states. */
    int severity() {
        return switch (this) {
            case UP -> 0;
            case DEGRADED -> 1;
            case DOWN -> 2;
            default -> -1;
        };
    }

    static State ofSeverity(int s) {
        return switch (s) {
            case 0 -> UP;
            case 1 -> DEGRADED;
            default -> DOWN;
        };
    }
}

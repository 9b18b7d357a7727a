package dev.vitals.alerting;

import dev.vitals.config.Problem;
import java.util.List;

/**
 * A receiver or the API's routes that cannot be made, found, changed or removed through the API;
 * {@link #kind()} says which.
 */
public final class ReceiverException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        INVALID,
        NOT_FOUND,
        CONFLICT,
        /** The caller's copy of the routes is not the stored one (If-Match). */
        STALE
    }

    private final Kind kind;
    private final transient List<Problem> problems;

    public ReceiverException(Kind kind, String message, List<Problem> problems) {
        super(message);
        this.kind = kind;
        this.problems = List.copyOf(problems);
    }

    public ReceiverException(Kind kind, String message) {
        this(kind, message, List.of());
    }

    public Kind kind() {
        return kind;
    }

    /** For {@link Kind#INVALID}: every problem of the definition, each with its field path. */
    public List<Problem> problems() {
        return problems;
    }
}

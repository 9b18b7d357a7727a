package dev.vitals.maintenance;

import dev.vitals.config.Problem;
import java.util.List;

/** A maintenance window that cannot be made, found or ended through the API; {@link #kind()} says which. */
public final class MaintenanceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        INVALID,
        NOT_FOUND,
        CONFLICT
    }

    private final Kind kind;
    private final transient List<Problem> problems;

    public MaintenanceException(Kind kind, String message, List<Problem> problems) {
        super(message);
        this.kind = kind;
        this.problems = List.copyOf(problems);
    }

    public MaintenanceException(Kind kind, String message) {
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

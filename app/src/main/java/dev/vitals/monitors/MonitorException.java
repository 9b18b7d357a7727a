package dev.vitals.monitors;

import dev.vitals.config.Problem;
import java.util.List;

/** A change to the monitors that cannot be made; {@link Kind} says how an API should answer. */
public final class MonitorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        NOT_FOUND,
        CONFLICT,
        INVALID
    }

    private final Kind kind;
    private final transient List<Problem> problems;

    public MonitorException(Kind kind, String message) {
        this(kind, message, List.of());
    }

    public MonitorException(Kind kind, String message, List<Problem> problems) {
        super(message);
        this.kind = kind;
        this.problems = List.copyOf(problems);
    }

    public Kind kind() {
        return kind;
    }

    public List<Problem> problems() {
        return problems;
    }
}

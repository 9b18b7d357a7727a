package dev.vitals.api;

import dev.vitals.config.Problem;
import java.util.List;
import java.util.Optional;

/**
 * An API request that cannot be served, answered as an RFC 9457 problem: {@code status}, a short
 * {@code title}, a {@code detail} in words, the bad {@code field} when there is one, and every
 * problem of a body under {@code errors}.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String title;
    private final transient Optional<String> field;
    private final transient List<Problem> problems;

    public ApiException(int status, String title, String detail, Optional<String> field, List<Problem> problems) {
        super(detail);
        this.status = status;
        this.title = title;
        this.field = field;
        this.problems = List.copyOf(problems);
    }

    public static ApiException badRequest(String field, String detail) {
        return new ApiException(400, "Invalid request", detail, Optional.of(field), List.of());
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "Not found", detail, Optional.empty(), List.of());
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, "Conflict", detail, Optional.empty(), List.of());
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public Optional<String> field() {
        return field;
    }

    public List<Problem> problems() {
        return problems;
    }
}

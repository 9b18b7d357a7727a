package dev.vitals.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration could not be accepted; holds every problem found, in file order. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    public ConfigException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(Location location, String message) {
        this(List.of(new Problem(location, "", message)));
    }

    public List<Problem> problems() {
        return problems;
    }
}

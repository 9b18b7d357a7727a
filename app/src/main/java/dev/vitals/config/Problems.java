package dev.vitals.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects every problem found while reading, so that a person sees all of them at once. */
public final class Problems {
    private final List<Problem> list = new ArrayList<>();

    public void add(Node node, String message) {
        list.add(new Problem(node.location(), node.path(), message));
    }

    public void add(Location location, String path, String message) {
        list.add(new Problem(location, path, message));
    }

    public void addAll(List<Problem> problems) {
        list.addAll(problems);
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public int size() {
        return list.size();
    }

    /** In file order, which is the order a person fixes them in. */
    public List<Problem> sorted() {
        return list.stream()
                .sorted(Comparator.comparing((Problem p) -> p.location().source())
                        .thenComparingInt(p -> p.location().line())
                        .thenComparingInt(p -> p.location().column()))
                .toList();
    }

    /** Throws a {@link ConfigException} holding every problem, if there is any. */
    public void throwIfAny() {
        if (!list.isEmpty()) {
            throw new ConfigException(sorted());
        }
    }
}

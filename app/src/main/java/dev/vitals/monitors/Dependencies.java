package dev.vitals.monitors;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The {@code depends_on} graph of monitors, checked as a whole: every monitor named exists, and no
 * monitor depends on itself through others (a cycle would make each the cause of the other's
 * trouble, and nobody would be paged).
 */
public final class Dependencies {
    /** A monitor whose {@code depends_on} is wrong, and why in words. */
    public record Problem(String monitorId, String message) {}

    private Dependencies() {}

    /**
     * The problems of these monitors' dependencies. {@code knownElsewhere} says whether an id that
     * is not among {@code monitors} exists anyway (an API monitor, when checking the file's).
     */
    public static List<Problem> check(Collection<Monitor> monitors, Predicate<String> knownElsewhere) {
        Map<String, Monitor> byId = new HashMap<>();
        monitors.forEach(m -> byId.put(m.id(), m));
        List<Problem> out = new ArrayList<>();
        for (Monitor m : monitors) {
            for (String d : m.dependsOn()) {
                if (!byId.containsKey(d) && !knownElsewhere.test(d)) {
                    out.add(new Problem(m.id(), "depends_on names \"" + d + "\", which is not a monitor here"));
                }
            }
        }
        Set<String> done = new HashSet<>();
        for (Monitor m : monitors) {
            cycle(m.id(), byId, new ArrayList<>(), new HashSet<>(), done)
                    .ifPresent(path -> out.add(
                            new Problem(m.id(), "depends_on goes round in a circle: " + String.join(" → ", path))));
        }
        return out;
    }

    /** A cycle through {@code id}, as the ids along it (first repeated last), if there is one. */
    private static java.util.Optional<List<String>> cycle(
            String id, Map<String, Monitor> byId, List<String> path, Set<String> onPath, Set<String> done) {
        if (onPath.contains(id)) {
            List<String> c = new ArrayList<>(path.subList(path.indexOf(id), path.size()));
            c.add(id);
            return path.get(0).equals(id) ? java.util.Optional.of(c) : java.util.Optional.empty();
        }
        if (done.contains(id) || !byId.containsKey(id)) {
            return java.util.Optional.empty();
        }
        path.add(id);
        onPath.add(id);
        for (String d : byId.get(id).dependsOn()) {
            var found = cycle(d, byId, path, onPath, done);
            if (found.isPresent()) {
                return found;
            }
        }
        path.remove(path.size() - 1);
        onPath.remove(id);
        if (path.isEmpty()) {
            done.add(id);
        }
        return java.util.Optional.empty();
    }
}

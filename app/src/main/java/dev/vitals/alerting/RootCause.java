package dev.vitals.alerting;

import dev.vitals.evaluation.State;
import dev.vitals.monitors.Monitor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The dependencies stage: whether a monitor's trouble is its own or caused by a monitor it depends on
 * ({@code depends_on}, followed transitively). When a monitor it needs is down, its alert is
 * suppressed and linked to the root: the top-most monitor down along its dependencies, so that a
 * thousand monitors behind one failed switch page once, for the switch.
 */
public final class RootCause {
    private final Function<String, Optional<Monitor>> monitors;
    private final Function<String, State> state;

    public RootCause(Function<String, Optional<Monitor>> monitors, Function<String, State> state) {
        this.monitors = monitors;
        this.state = state;
    }

    /**
     * The monitor that causes {@code id}'s trouble, when it is another: the top-most monitor that is
     * down among those it depends on. Empty when none of them is down (the monitor pages for itself).
     * Of several roots, the first by id, so that the answer does not change from call to call.
     */
    public Optional<String> of(String id) {
        List<String> down = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Deque<String> queue = new ArrayDeque<>();
        seen.add(id);
        parents(id).forEach(queue::add);
        while (!queue.isEmpty()) {
            String p = queue.poll();
            if (!seen.add(p)) {
                continue;
            }
            if (state.apply(p) == State.DOWN) {
                down.add(p);
            }
            parents(p).forEach(queue::add);
        }
        return down.stream()
                .filter(d -> upstreamDown(d, id).isEmpty())
                .sorted()
                .findFirst()
                .or(() -> down.stream().sorted().findFirst());
    }

    /** Monitors down above {@code id} (not counting {@code origin}, in case of a circle). */
    private Optional<String> upstreamDown(String id, String origin) {
        Set<String> seen = new HashSet<>(List.of(id, origin));
        Deque<String> queue = new ArrayDeque<>(parents(id));
        while (!queue.isEmpty()) {
            String p = queue.poll();
            if (!seen.add(p)) {
                continue;
            }
            if (state.apply(p) == State.DOWN) {
                return Optional.of(p);
            }
            queue.addAll(parents(p));
        }
        return Optional.empty();
    }

    private List<String> parents(String id) {
        return monitors.apply(id).map(Monitor::dependsOn).orElse(List.of());
    }
}

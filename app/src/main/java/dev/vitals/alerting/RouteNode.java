package dev.vitals.alerting;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One node of the routing tree, with what it inherited already filled in: an alert matches the node
 * when every {@code match} label is equal and every {@code match_re} label matches its whole
 * pattern. Children are tried in order; the first that matches takes the alert unless it says {@code
 * continue}, in which case the next siblings are tried too. When no child matches, the node itself is
 * where the alert goes.
 */
public record RouteNode(
        String receiver,
        Map<String, String> match,
        Map<String, Pattern> matchRe,
        List<String> groupBy,
        Timings timings,
        boolean continueMatching,
        List<RouteNode> routes) {
    public RouteNode {
        match = Map.copyOf(match);
        matchRe = Map.copyOf(matchRe);
        groupBy = List.copyOf(groupBy);
        routes = List.copyOf(routes);
    }

    /** How long to wait before the first notification of a group, between updates, and before repeating. */
    public record Timings(Duration groupWait, Duration groupInterval, Duration repeatInterval) {
        /** Alertmanager's defaults. */
        public static final Timings DEFAULT =
                new Timings(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(4));
    }

    boolean matches(Map<String, String> labels) {
        for (Map.Entry<String, String> m : match.entrySet()) {
            if (!m.getValue().equals(labels.get(m.getKey()))) {
                return false;
            }
        }
        for (Map.Entry<String, Pattern> m : matchRe.entrySet()) {
            String v = labels.get(m.getKey());
            if (v == null || !m.getValue().matcher(v).matches()) {
                return false;
            }
        }
        return true;
    }
}

package dev.vitals.alerting;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One firing episode of an alert, as stored: from the moment it fired until it was resolved.
 *
 * @param key the dedup key: the same for every episode of the same alert
 * @param source {@code monitor}, or the name of the integration that sent it
 * @param endsAt when resolved, when it was; while firing, when it resolves by itself unless sent again
 * @param mutedBy why it is not notified now, when it is not
 * @param routes where the routing stage sent it
 */
public record AlertRow(
        String aid,
        AlertKey key,
        String source,
        Optional<String> monitorId,
        Map<String, String> labels,
        Map<String, String> annotations,
        boolean firing,
        Instant startsAt,
        Optional<Instant> endsAt,
        Instant updatedAt,
        Optional<String> mutedBy,
        Optional<String> link,
        List<RouteTaken> routes) {
    public AlertRow {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
        routes = List.copyOf(routes);
    }

    /** One destination of the alert: the receiver, the route that chose it, and the group it joined. */
    public record RouteTaken(String receiver, String route, String group) {}

    /** One line for people: the summary annotation, else what the labels say. */
    public String summary() {
        String s = annotations.get("summary");
        if (s != null && !s.isBlank()) {
            return s;
        }
        String name = labels.getOrDefault("alertname", "alert");
        return monitorId.map(m -> name + " " + m).orElse(name + " from " + source);
    }
}

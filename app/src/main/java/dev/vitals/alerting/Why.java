package dev.vitals.alerting;

import dev.vitals.notify.Notification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * "Why was I notified, or why not?" in plain sentences: which route took the alert to which receiver,
 * which stage mutes it now, and what was sent with how many attempts.
 */
public final class Why {
    private Why() {}

    public static List<String> explain(
            AlertRow a,
            List<AlertStore.Membership> groups,
            Optional<Mute> mutedNow,
            Map<String, Notification> notifications,
            List<Map.Entry<String, String>> sends) {
        List<String> out = new ArrayList<>();
        if (a.routes().isEmpty()) {
            out.add("No route leads to a receiver (no route is configured): nobody is notified of it.");
        }
        for (AlertRow.RouteTaken r : a.routes()) {
            Optional<AlertStore.Membership> g = groups.stream()
                    .filter(m -> m.group().gid().equals(r.group()))
                    .findFirst();
            String labels = g.map(m -> m.group().groupLabels().entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .sorted()
                            .collect(Collectors.joining(", ")))
                    .filter(s -> !s.isEmpty())
                    .map(s -> " in the group " + s)
                    .orElse("");
            out.add("Routed by " + r.route() + " to receiver " + r.receiver() + labels + ".");
        }
        if (a.firing() && !a.routes().isEmpty()) {
            mutedNow.ifPresentOrElse(
                    m -> out.add("Not notified now: " + m.reason() + " (" + m.stage() + " stage)."),
                    () -> out.add("Not muted: it is notified as its route's timings allow."));
        }
        for (Map.Entry<String, String> s : sends) {
            Notification n = notifications.get(s.getKey());
            if (n == null) {
                continue;
            }
            String attempts = n.attempts() == 1 ? "1 attempt" : n.attempts() + " attempts";
            String state = switch (n.state()) {
                case "sent" -> "sent at " + n.sentAt().map(Object::toString).orElse("?");
                case "failed" -> "failed: " + n.lastError().orElse("refused");
                default ->
                    "not sent yet"
                            + n.lastError().map(e -> " (last error: " + e + ")").orElse("");
            };
            out.add("Told " + n.receiver() + " by " + n.channel() + " that it is " + s.getValue() + ": " + state + ", "
                    + attempts + ".");
        }
        boolean toldFiring = groups.stream().anyMatch(AlertStore.Membership::toldFiring);
        if (!a.firing()
                && toldFiring
                && sends.stream().noneMatch(s -> s.getValue().equals("resolved"))) {
            out.add("Resolved: the receivers told it fires will be told it is resolved at their group's next turn.");
        }
        return out;
    }
}

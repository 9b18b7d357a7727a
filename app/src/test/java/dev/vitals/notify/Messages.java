package dev.vitals.notify;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fixtures of the channel tests: a fixed cast of messages (one alert firing, two firing, a group
 * resolved) and a claimed notification carrying a payload, as the dispatcher hands it to a channel.
 */
public final class Messages {
    public static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    public static final URI CONSOLE = URI.create("https://vitals.example.org/alerts");

    private Messages() {}

    /** ERP's web front is down: one alert from a monitor, firing. */
    public static Message oneFiring() {
        return new Message(
                "ops", "{}:{service=\"erp\"}", Map.of("service", "erp"), Event.FIRING, List.of(erpDown()), CONSOLE);
    }

    /** ERP's web front and database are both down. */
    public static Message twoFiring() {
        Message.Alert db = new Message.Alert(
                "a-2",
                "erp-db",
                Event.FIRING,
                Map.of("service", "erp", "severity", "warning", "component", "db"),
                Map.of("summary", "ERP database is slow"),
                "ERP database is slow",
                T0.plusSeconds(30),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
        return new Message(
                "ops", "{}:{service=\"erp\"}", Map.of("service", "erp"), Event.FIRING, List.of(erpDown(), db), CONSOLE);
    }

    /** ERP's web front is back up: the group is resolved. */
    public static Message resolved() {
        Message.Alert up = new Message.Alert(
                "a-1",
                "erp-web",
                Event.RESOLVED,
                erpDown().labels(),
                erpDown().annotations(),
                erpDown().summary(),
                T0,
                Optional.of(T0.plus(Duration.ofMinutes(7))),
                Optional.of("erp-web"),
                erpDown().link());
        return new Message(
                "ops", "{}:{service=\"erp\"}", Map.of("service", "erp"), Event.RESOLVED, List.of(up), CONSOLE);
    }

    /** A message of {@code n} firing alerts, {@code alert-0} to {@code alert-<n-1>}. */
    public static Message manyFiring(int n) {
        List<Message.Alert> alerts = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            alerts.add(new Message.Alert(
                    "a-" + i,
                    "alert-" + i,
                    Event.FIRING,
                    Map.of("alertname", "alert-" + i),
                    Map.of(),
                    "alert-" + i + " fires",
                    T0,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty()));
        }
        return new Message("ops", "group", Map.of(), Event.FIRING, alerts, CONSOLE);
    }

    /** A message whose one alert carries {@code value} in its summary, a label and an annotation. */
    public static Message withText(String value) {
        Message.Alert a = new Message.Alert(
                "a-x",
                "x",
                Event.FIRING,
                Map.of("service", value),
                Map.of("summary", value),
                value,
                T0,
                Optional.empty(),
                Optional.empty(),
                Optional.of("https://example.org/x?a=1&b=2"));
        return new Message("ops", "g", Map.of(), Event.FIRING, List.of(a), CONSOLE);
    }

    /** The notification a dispatcher claimed, carrying {@code payload}, as a channel receives it. */
    public static Claimed claimed(String channel, String payload) {
        return new Claimed(
                "n-0001", "ops", channel, "erp-web", Event.FIRING, payload, T0, 0, "node-a", T0.plusSeconds(300));
    }

    private static Message.Alert erpDown() {
        return new Message.Alert(
                "a-1",
                "erp-web",
                Event.FIRING,
                Map.of("service", "erp", "severity", "critical", "monitor", "erp-web"),
                Map.of("summary", "ERP web front is down", "runbook", "https://wiki.example.org/erp"),
                "ERP web front is down",
                T0,
                Optional.empty(),
                Optional.of("erp-web"),
                Optional.of("https://vitals.example.org/monitors/erp-web"));
    }
}

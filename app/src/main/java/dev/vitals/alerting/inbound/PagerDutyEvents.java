package dev.vitals.alerting.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * PagerDuty's Events API v2 ({@code POST /v2/enqueue}): {@code trigger}, {@code acknowledge} and
 * {@code resolve} of an incident known by its {@code dedup_key}, sent with a {@code routing_key}
 * that names the integration.
 */
public final class PagerDutyEvents {
    private static final Set<String> SEVERITIES = Set.of("critical", "error", "warning", "info");

    public enum Action {
        TRIGGER,
        ACKNOWLEDGE,
        RESOLVE
    }

    /**
     * One event: the routing key it came with, what it does, its dedup key (given, or empty for a
     * trigger that leaves it to Vitals), and for a trigger the alert it describes.
     */
    public record Event(String routingKey, Action action, Optional<String> dedupKey, Optional<ExternalAlert> alert) {}

    private PagerDutyEvents() {}

    /** Reads an event; throws {@link PayloadException} naming every problem, as PagerDuty lists them. */
    public static Event parse(String body) {
        JsonNode root = AlertmanagerPayloads.parse(body);
        Fields f = new Fields();
        if (!root.isObject()) {
            f.error("body", "must be a JSON object (a PagerDuty Events API v2 event)");
            f.throwIfAny();
        }
        Optional<String> routingKey = f.text(root.get("routing_key"), "routing_key", true, 64);
        Optional<String> actionWord = f.text(root.get("event_action"), "event_action", true, 20);
        Optional<Action> action = actionWord.flatMap(a -> switch (a) {
            case "trigger" -> Optional.of(Action.TRIGGER);
            case "acknowledge" -> Optional.of(Action.ACKNOWLEDGE);
            case "resolve" -> Optional.of(Action.RESOLVE);
            default -> {
                f.error("event_action", "must be trigger, acknowledge or resolve");
                yield Optional.empty();
            }
        });
        Optional<String> dedup =
                f.text(root.get("dedup_key"), "dedup_key", false, 255).filter(s -> !s.isBlank());
        if (action.isPresent() && action.get() != Action.TRIGGER && dedup.isEmpty()) {
            f.error("dedup_key", "is required to " + actionWord.get());
        }
        Optional<ExternalAlert> alert = Optional.empty();
        if (action.orElse(null) == Action.TRIGGER) {
            JsonNode p = root.get("payload");
            if (p == null || !p.isObject()) {
                f.error("payload", "is required to trigger, with summary, source and severity");
            } else {
                Optional<String> summary = f.text(p.get("summary"), "payload.summary", true, 1024);
                Optional<String> source = f.text(p.get("source"), "payload.source", true, 255);
                Optional<String> severity = f.text(p.get("severity"), "payload.severity", true, 20);
                if (severity.isPresent() && !SEVERITIES.contains(severity.get())) {
                    f.error("payload.severity", "must be critical, error, warning or info");
                }
                Optional<Instant> at = f.time(p.get("timestamp"), "payload.timestamp");
                Map<String, String> labels = new LinkedHashMap<>();
                source.ifPresent(s -> labels.put("source", s));
                severity.ifPresent(s -> labels.put("severity", s));
                for (String k : new String[] {"component", "group", "class"}) {
                    f.text(p.get(k), "payload." + k, false, 255).ifPresent(v -> labels.put(k, v));
                }
                Map<String, String> annotations =
                        new LinkedHashMap<>(f.texts(p.get("custom_details"), "payload.custom_details"));
                summary.ifPresent(s -> annotations.put("summary", s));
                Optional<String> link = f.text(root.get("client_url"), "client_url", false, 2048);
                if (summary.isPresent() && source.isPresent() && severity.isPresent()) {
                    alert = Optional.of(new ExternalAlert(
                            labels, annotations, ExternalAlert.Status.FIRING, at, Optional.empty(), link));
                }
            }
        }
        f.throwIfAny();
        return new Event(routingKey.orElseThrow(), action.orElseThrow(), dedup, alert);
    }
}

package dev.vitals.alerting.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Vitals' own webhook for anything that can POST JSON ({@code POST /api/v1/integrations/webhook}):
 * either {@code {"alerts": [alert, ...]}} or one alert object alone, where an alert is
 *
 * <pre>{@code
 * {"labels": {"service": "erp"}, "annotations": {"summary": "..."}, "status": "firing",
 *  "starts_at": "2026-11-25T10:00:00Z", "ends_at": "2026-11-25T11:00:00Z", "link": "https://..."}
 * }</pre>
 *
 * <p>Only {@code labels} is required. Unlike the formats of other systems, which Vitals reads as
 * their senders write them, this one is Vitals' to define, so it is strict: an unknown field is an
 * error naming it, because a misspelt {@code "lables"} would otherwise fire an alert without labels.
 */
public final class WebhookPayloads {
    private static final Set<String> ALERT_FIELDS =
            Set.of("labels", "annotations", "status", "starts_at", "ends_at", "link");

    private WebhookPayloads() {}

    /**
     * The alerts of a webhook body. Without a {@code status}, an alert whose {@code ends_at} has passed
     * at {@code now} is resolved and any other fires. Throws {@link PayloadException} naming every
     * problem.
     */
    public static List<ExternalAlert> parse(String body, Instant now) {
        JsonNode root = AlertmanagerPayloads.parse(body);
        Fields f = new Fields();
        List<ExternalAlert> out = new ArrayList<>();
        if (!root.isObject()) {
            f.error("body", "must be a JSON object: {\"alerts\": [...]} or one alert with its labels");
        } else if (root.has("alerts")) {
            for (String k : names(root)) {
                if (!k.equals("alerts")) {
                    f.error(k, "is not a field here; beside \"alerts\" there is nothing");
                }
            }
            JsonNode alerts = root.get("alerts");
            if (!alerts.isArray() || alerts.isEmpty()) {
                f.error("alerts", "must be a list of at least one alert");
            } else if (alerts.size() > AlertmanagerPayloads.MAX_ALERTS) {
                f.error(
                        "alerts",
                        "has " + alerts.size() + " alerts; at most " + AlertmanagerPayloads.MAX_ALERTS + " at once");
            } else {
                for (int i = 0; i < alerts.size(); i++) {
                    alert(alerts.get(i), "alerts[" + i + "].", f, now).ifPresent(out::add);
                }
            }
        } else {
            alert(root, "", f, now).ifPresent(out::add);
        }
        f.throwIfAny();
        return out;
    }

    /** One alert; {@code prefix} is its path followed by a dot, or empty for the body itself. */
    private static Optional<ExternalAlert> alert(JsonNode a, String prefix, Fields f, Instant now) {
        String where = prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1);
        if (a == null || !a.isObject()) {
            f.error(where, "must be an alert object with its labels");
            return Optional.empty();
        }
        int before = f.errors.size();
        for (String k : names(a)) {
            if (!ALERT_FIELDS.contains(k)) {
                f.error(
                        prefix + k,
                        "is not a field of an alert; the fields are " + String.join(", ", new TreeSet<>(ALERT_FIELDS)));
            }
        }
        Map<String, String> labels = f.labels(a.get("labels"), prefix + "labels", true);
        if (labels.isEmpty() && f.errors.size() == before) {
            f.error(prefix + "labels", "must have at least one label (an alert is known by its labels)");
        }
        Map<String, String> annotations = f.texts(a.get("annotations"), prefix + "annotations");
        Optional<Instant> starts = f.time(a.get("starts_at"), prefix + "starts_at");
        Optional<Instant> ends = f.time(a.get("ends_at"), prefix + "ends_at");
        Optional<String> link =
                f.text(a.get("link"), prefix + "link", false, 2048).filter(s -> !s.isBlank());
        Optional<String> statusWord = f.text(a.get("status"), prefix + "status", false, 20);
        ExternalAlert.Status status = ends.isPresent() && !ends.get().isAfter(now)
                ? ExternalAlert.Status.RESOLVED
                : ExternalAlert.Status.FIRING;
        if (statusWord.isPresent()) {
            switch (statusWord.get()) {
                case "firing" -> status = ExternalAlert.Status.FIRING;
                case "resolved" -> status = ExternalAlert.Status.RESOLVED;
                default -> f.error(prefix + "status", "must be \"firing\" or \"resolved\"");
            }
        }
        if (starts.isPresent() && ends.isPresent() && ends.get().isBefore(starts.get())) {
            f.error(prefix + "ends_at", "is before starts_at");
        }
        if (f.errors.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new ExternalAlert(labels, annotations, status, starts, ends, link));
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }
}

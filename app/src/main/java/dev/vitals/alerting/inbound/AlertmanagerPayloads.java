package dev.vitals.alerting.inbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Alertmanager's two shapes: the webhook receiver's message (version 4), which Alertmanager sends to
 * a receiver, and the alerts API body ({@code POST /api/v2/alerts}), which Prometheus sends while an
 * alert fires (re-posting it until it ends).
 */
public final class AlertmanagerPayloads {
    static final int MAX_ALERTS = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertmanagerPayloads() {}

    /** The alerts of a webhook message; throws {@link PayloadException} naming every problem. */
    public static List<ExternalAlert> webhook(String body) {
        JsonNode root = parse(body);
        Fields f = new Fields();
        if (!root.isObject()) {
            f.error("body", "must be a JSON object (Alertmanager's webhook message)");
            f.throwIfAny();
        }
        JsonNode version = root.get("version");
        if (version == null || !version.isTextual() || !version.asText().equals("4")) {
            f.error("version", "must be \"4\" (Alertmanager's webhook format version 4)");
        }
        JsonNode alerts = root.get("alerts");
        List<ExternalAlert> out = new ArrayList<>();
        if (alerts == null || !alerts.isArray()) {
            f.error("alerts", "must be a list of alerts");
        } else if (alerts.size() > MAX_ALERTS) {
            f.error("alerts", "has " + alerts.size() + " alerts; at most " + MAX_ALERTS + " at once");
        } else {
            for (int i = 0; i < alerts.size(); i++) {
                alert(alerts.get(i), "alerts[" + i + "]", f, true, Instant.EPOCH)
                        .ifPresent(out::add);
            }
        }
        f.throwIfAny();
        return out;
    }

    /**
     * The alerts of an alerts API body (a list). An alert whose {@code endsAt} has passed at {@code
     * now} is resolved; others fire.
     */
    public static List<ExternalAlert> alertsApi(String body, Instant now) {
        JsonNode root = parse(body);
        Fields f = new Fields();
        List<ExternalAlert> out = new ArrayList<>();
        if (!root.isArray()) {
            f.error("body", "must be a JSON list of alerts");
        } else if (root.size() > MAX_ALERTS) {
            f.error("body", "has " + root.size() + " alerts; at most " + MAX_ALERTS + " at once");
        } else {
            for (int i = 0; i < root.size(); i++) {
                alert(root.get(i), "[" + i + "]", f, false, now).ifPresent(out::add);
            }
        }
        f.throwIfAny();
        return out;
    }

    private static Optional<ExternalAlert> alert(JsonNode a, String path, Fields f, boolean hasStatus, Instant now) {
        if (a == null || !a.isObject()) {
            f.error(path, "must be an alert object");
            return Optional.empty();
        }
        int before = f.errors.size();
        Map<String, String> labels = f.labels(a.get("labels"), path + ".labels", true);
        if (labels.isEmpty() && f.errors.size() == before) {
            f.error(path + ".labels", "must have at least one label (an alert is known by its labels)");
        }
        Map<String, String> annotations = f.texts(a.get("annotations"), path + ".annotations");
        Optional<Instant> starts = f.time(a.get("startsAt"), path + ".startsAt");
        Optional<Instant> ends = f.time(a.get("endsAt"), path + ".endsAt");
        Optional<String> link = f.text(a.get("generatorURL"), path + ".generatorURL", false, 2048)
                .filter(s -> !s.isBlank());
        ExternalAlert.Status status = ExternalAlert.Status.FIRING;
        if (hasStatus) {
            JsonNode s = a.get("status");
            if (s == null
                    || !s.isTextual()
                    || !(s.asText().equals("firing") || s.asText().equals("resolved"))) {
                f.error(path + ".status", "must be \"firing\" or \"resolved\"");
            } else if (s.asText().equals("resolved")) {
                status = ExternalAlert.Status.RESOLVED;
            }
        } else if (ends.isPresent() && !ends.get().isAfter(now)) {
            status = ExternalAlert.Status.RESOLVED;
        }
        if (starts.isPresent() && ends.isPresent() && ends.get().isBefore(starts.get())) {
            f.error(path + ".endsAt", "is before startsAt");
        }
        if (f.errors.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new ExternalAlert(labels, annotations, status, starts, ends, link));
    }

    static JsonNode parse(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || n.isMissingNode()) {
                throw new PayloadException(List.of("body: is empty; expected JSON"));
            }
            return n;
        } catch (JsonProcessingException e) {
            // Some errors (a nesting too deep, a number too long) come without a location.
            String where = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            throw new PayloadException(List.of("body: is not valid JSON" + where));
        }
    }
}

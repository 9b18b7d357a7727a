package dev.vitals.notify.pagerduty;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitals.notify.Event;
import dev.vitals.notify.Message;
import dev.vitals.notify.PayloadJson;
import dev.vitals.notify.Text;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * A PagerDuty Events API v2 event. One alert group is one PagerDuty incident: the group key is the
 * {@code dedup_key}, so repeats and new alerts of the group update it, and the group's resolution
 * resolves it. A resolve event carries only the routing key, the action and the dedup key, as the API
 * asks.
 *
 * <p>PagerDuty's limits: a summary of at most 1,024 characters, a dedup key of at most 255 (a longer
 * group key is replaced by its SHA-256, which is as stable), and a severity of critical, error,
 * warning or info (the {@code severity} label when it is one of them, else critical: an alert that
 * does not say is treated as one that matters).
 */
public final class PagerDutyFormat {
    static final int MAX_SUMMARY = 1024;
    static final int MAX_DEDUP_KEY = 255;
    static final int MAX_ALERTS = 20;
    /** PagerDuty's severities, most urgent first. */
    private static final List<String> SEVERITIES = List.of("critical", "error", "warning", "info");

    private PagerDutyFormat() {}

    /**
     * The event for {@code m}.
     *
     * @param routingKey the integration key of the PagerDuty service, from the receiver's config
     */
    public static String render(Message m, String routingKey) {
        ObjectNode root = PayloadJson.object();
        root.put("routing_key", routingKey);
        root.put("event_action", m.status() == Event.FIRING ? "trigger" : "resolve");
        root.put("dedup_key", dedupKey(m.groupKey()));
        if (m.status() == Event.RESOLVED) {
            return PayloadJson.write(root);
        }
        ObjectNode payload = root.putObject("payload");
        payload.put("summary", Text.cut(m.title() + summaries(m.firing()), MAX_SUMMARY));
        payload.put("source", "vitals");
        payload.put("severity", severity(m));
        ObjectNode details = payload.putObject("custom_details");
        details.set("group_labels", PayloadJson.strings(m.groupLabels()));
        details.put("firing", m.firing().size());
        details.put("resolved", m.resolved().size());
        ArrayNode alerts = details.putArray("alerts");
        for (Message.Alert a : m.alerts().subList(0, Math.min(m.alerts().size(), MAX_ALERTS))) {
            ObjectNode o = alerts.addObject();
            o.put("status", a.status().word());
            o.put("summary", a.summary());
            o.set("labels", PayloadJson.strings(a.labels()));
            o.put("starts_at", PayloadJson.time(a.startsAt()));
            a.link().ifPresent(l -> o.put("link", l));
        }
        root.put("client", "Vitals");
        root.put("client_url", m.console().toString());
        return PayloadJson.write(root);
    }

    /** The title, and for a single firing alert its summary too, so that the page says what broke. */
    private static String summaries(List<Message.Alert> firing) {
        return firing.size() == 1 ? ": " + firing.getFirst().summary() : "";
    }

    /** The most urgent severity among the firing alerts, each alert's being its label or critical. */
    static String severity(Message m) {
        return m.firing().stream()
                .map(a -> a.labels().getOrDefault("severity", "").toLowerCase(Locale.ROOT))
                .map(s -> SEVERITIES.contains(s) ? s : "critical")
                .min((a, b) -> Integer.compare(SEVERITIES.indexOf(a), SEVERITIES.indexOf(b)))
                .orElse("critical");
    }

    static String dedupKey(String groupKey) {
        if (groupKey.length() <= MAX_DEDUP_KEY) {
            return groupKey;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(groupKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            // Every JDK has SHA-256.
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}

package dev.vitals.notify;

import java.net.URI;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What one notification tells a receiver, before any channel formats it: a group of alerts (those
 * firing now, and those resolved since the receiver was last told), with the labels the group is
 * known by. Every channel renders the same message in its own format, so that a receiver with a
 * webhook and an email hears the same thing.
 *
 * @param receiver the receiver's name
 * @param groupKey stable for the group (the same on every notification of it): for dedup keys
 * @param groupLabels the labels the route groups by, with their values for this group
 * @param status {@link Event#FIRING} when any alert of the group fires, else {@link Event#RESOLVED}
 * @param alerts firing first, then resolved; each at most once
 * @param console where the alerts can be seen in the console (the external URL of Vitals)
 */
public record Message(
        String receiver,
        String groupKey,
        Map<String, String> groupLabels,
        Event status,
        List<Alert> alerts,
        URI console) {
    public Message {
        groupLabels = sorted(groupLabels);
        alerts = List.copyOf(alerts);
    }

    /**
     * One alert of the message.
     *
     * @param id the alert's id in Vitals (one firing episode of one alert key)
     * @param fingerprint the alert key: the same for every episode of the same alert
     * @param summary one line for people: the {@code summary} annotation, else made from the labels
     * @param monitorId the monitor the alert is about, when it comes from a monitor
     * @param link where to look (the monitor's page, or the sender's link)
     */
    public record Alert(
            String id,
            String fingerprint,
            Event status,
            Map<String, String> labels,
            Map<String, String> annotations,
            String summary,
            Instant startsAt,
            Optional<Instant> endsAt,
            Optional<String> monitorId,
            Optional<String> link) {
        public Alert {
            labels = sorted(labels);
            annotations = sorted(annotations);
        }
    }

    public List<Alert> firing() {
        return alerts.stream().filter(a -> a.status() == Event.FIRING).toList();
    }

    public List<Alert> resolved() {
        return alerts.stream().filter(a -> a.status() == Event.RESOLVED).toList();
    }

    /** The labels every alert of the message shares, with the same value. */
    public Map<String, String> commonLabels() {
        return common(alerts.stream().map(Alert::labels).toList());
    }

    /** The annotations every alert of the message shares, with the same value. */
    public Map<String, String> commonAnnotations() {
        return common(alerts.stream().map(Alert::annotations).toList());
    }

    /** A title for people: "[FIRING:2] service=erp" or "[RESOLVED] service=erp". */
    public String title() {
        String what = groupLabels.isEmpty()
                ? (alerts.isEmpty() ? receiver : alerts.getFirst().summary())
                : String.join(
                        " ",
                        groupLabels.entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue())
                                .toList());
        return status == Event.FIRING ? "[FIRING:" + firing().size() + "] " + what : "[RESOLVED] " + what;
    }

    private static Map<String, String> common(List<Map<String, String>> maps) {
        if (maps.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new TreeMap<>(maps.getFirst());
        for (Map<String, String> m : maps.subList(1, maps.size())) {
            out.entrySet().removeIf(e -> !e.getValue().equals(m.get(e.getKey())));
        }
        return Collections.unmodifiableMap(out);
    }

    private static Map<String, String> sorted(Map<String, String> m) {
        return Collections.unmodifiableMap(new TreeMap<>(m));
    }
}

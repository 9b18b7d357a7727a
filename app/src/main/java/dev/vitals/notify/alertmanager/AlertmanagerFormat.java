package dev.vitals.notify.alertmanager;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitals.notify.Message;
import dev.vitals.notify.PayloadJson;

/**
 * Alertmanager's webhook message, version 4, as Alertmanager itself sends it, so that tools written
 * for Alertmanager receivers take Vitals' notifications unchanged. Its quirks are kept: {@code endsAt}
 * is {@code 0001-01-01T00:00:00Z} (Go's zero time) while an alert fires, and {@code generatorURL} is
 * an empty string when there is no link. The fingerprint is Vitals' alert key, not Alertmanager's
 * hash of the labels; receivers only compare it.
 */
public final class AlertmanagerFormat {
    public static final String VERSION = "4";
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private AlertmanagerFormat() {}

    public static String render(Message m) {
        ObjectNode root = PayloadJson.object();
        root.put("version", VERSION);
        root.put("groupKey", m.groupKey());
        root.put("truncatedAlerts", 0);
        root.put("status", m.status().word());
        root.put("receiver", m.receiver());
        root.set("groupLabels", PayloadJson.strings(m.groupLabels()));
        root.set("commonLabels", PayloadJson.strings(m.commonLabels()));
        root.set("commonAnnotations", PayloadJson.strings(m.commonAnnotations()));
        root.put("externalURL", m.console().toString());
        ArrayNode alerts = root.putArray("alerts");
        for (Message.Alert a : m.alerts()) {
            ObjectNode o = alerts.addObject();
            o.put("status", a.status().word());
            o.set("labels", PayloadJson.strings(a.labels()));
            o.set("annotations", PayloadJson.strings(a.annotations()));
            o.put("startsAt", PayloadJson.time(a.startsAt()));
            o.put("endsAt", a.endsAt().map(PayloadJson::time).orElse(ZERO_TIME));
            o.put("generatorURL", a.link().orElse(""));
            o.put("fingerprint", a.fingerprint());
        }
        return PayloadJson.write(root);
    }
}

package dev.vitals.notify.webhook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitals.notify.Message;
import dev.vitals.notify.PayloadJson;

/**
 * The Vitals webhook JSON, version 1 (documented in docs/channels.md; receivers depend on it, so a
 * change of meaning needs a new version). Every key is always present; what is unknown is {@code
 * null}, so that a receiver can tell "none" from a key it does not know.
 */
public final class WebhookFormat {
    public static final String VERSION = "1";

    private WebhookFormat() {}

    public static String render(Message m) {
        ObjectNode root = PayloadJson.object();
        root.put("version", VERSION);
        root.put("receiver", m.receiver());
        root.put("status", m.status().word());
        root.put("group_key", m.groupKey());
        root.set("group_labels", PayloadJson.strings(m.groupLabels()));
        root.set("common_labels", PayloadJson.strings(m.commonLabels()));
        root.set("common_annotations", PayloadJson.strings(m.commonAnnotations()));
        root.put("title", m.title());
        root.put("console_url", m.console().toString());
        ArrayNode alerts = root.putArray("alerts");
        for (Message.Alert a : m.alerts()) {
            ObjectNode o = alerts.addObject();
            o.put("id", a.id());
            o.put("fingerprint", a.fingerprint());
            o.put("status", a.status().word());
            o.set("labels", PayloadJson.strings(a.labels()));
            o.set("annotations", PayloadJson.strings(a.annotations()));
            o.put("summary", a.summary());
            o.put("starts_at", PayloadJson.time(a.startsAt()));
            o.put("ends_at", a.endsAt().map(PayloadJson::time).orElse(null));
            o.put("monitor_id", a.monitorId().orElse(null));
            o.put("link", a.link().orElse(null));
        }
        return PayloadJson.write(root);
    }
}

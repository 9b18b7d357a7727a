package dev.vitals.notify.teams;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitals.notify.Event;
import dev.vitals.notify.Message;
import dev.vitals.notify.PayloadJson;
import dev.vitals.notify.Text;
import java.util.List;

/**
 * A message for a Microsoft Teams workflow ("Post to a channel when a webhook request is received"):
 * one attachment holding an Adaptive Card 1.4 (the highest version Teams renders everywhere) with the
 * title, a container per alert (status, summary, labels as facts, since when; the alert's link opens
 * on click), and a button to the console. At most {@value #MAX_ALERTS} alerts are shown, then "and N
 * more": Teams refuses cards over about 28 KB.
 */
public final class TeamsFormat {
    static final int MAX_ALERTS = 20;

    private TeamsFormat() {}

    public static String render(Message m) {
        ObjectNode root = PayloadJson.object();
        root.put("type", "message");
        ObjectNode attachment = root.putArray("attachments").addObject();
        attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
        ObjectNode card = attachment.putObject("content");
        card.put("type", "AdaptiveCard");
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("version", "1.4");
        ArrayNode body = card.putArray("body");
        text(body, m.title())
                .put("size", "Large")
                .put("weight", "Bolder")
                .put("color", m.status() == Event.FIRING ? "Attention" : "Good");
        List<Message.Alert> alerts = m.alerts();
        for (Message.Alert a : alerts.subList(0, Math.min(alerts.size(), MAX_ALERTS))) {
            alert(body.addObject(), a);
        }
        if (alerts.size() > MAX_ALERTS) {
            text(body, "and " + (alerts.size() - MAX_ALERTS) + " more").put("isSubtle", true);
        }
        card.putArray("actions")
                .addObject()
                .put("type", "Action.OpenUrl")
                .put("title", "Open in Vitals")
                .put("url", m.console().toString());
        return PayloadJson.write(root);
    }

    private static void alert(ObjectNode container, Message.Alert a) {
        container.put("type", "Container").put("separator", true);
        ArrayNode items = container.putArray("items");
        boolean firing = a.status() == Event.FIRING;
        text(items, firing ? "FIRING" : "RESOLVED").put("weight", "Bolder").put("color", firing ? "Attention" : "Good");
        text(items, a.summary());
        if (!a.labels().isEmpty()) {
            ArrayNode facts = items.addObject().put("type", "FactSet").putArray("facts");
            a.labels().forEach((k, v) -> facts.addObject().put("title", k).put("value", v));
        }
        String since = "since " + Text.when(a.startsAt())
                + a.endsAt().map(t -> ", resolved " + Text.when(t)).orElse("");
        text(items, since).put("isSubtle", true);
        a.link()
                .ifPresent(l -> container
                        .putObject("selectAction")
                        .put("type", "Action.OpenUrl")
                        .put("url", l));
    }

    private static ObjectNode text(ArrayNode items, String text) {
        return items.addObject().put("type", "TextBlock").put("text", text).put("wrap", true);
    }
}

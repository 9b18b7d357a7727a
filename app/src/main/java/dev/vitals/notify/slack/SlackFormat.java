package dev.vitals.notify.slack;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitals.notify.Event;
import dev.vitals.notify.Message;
import dev.vitals.notify.PayloadJson;
import dev.vitals.notify.Text;
import java.util.List;

/**
 * A Slack incoming-webhook message in Block Kit: {@code text} (the title, which Slack shows in
 * notifications and where blocks cannot be shown) and {@code blocks}: a header with the title, a
 * section per alert, and a context with the link to the console.
 *
 * <p>Slack's limits shape it: a message has at most 50 blocks (so at most {@value #MAX_ALERTS} alert
 * sections, then "and N more"), a header at most 150 characters, a section's text at most 3,000.
 * Text in mrkdwn must have {@code &}, {@code <} and {@code >} escaped, or a label value such as
 * {@code <!channel>} would notify a whole channel.
 */
public final class SlackFormat {
    static final int MAX_ALERTS = 20;
    private static final int MAX_HEADER = 150;
    private static final int MAX_SECTION = 3000;

    private SlackFormat() {}

    public static String render(Message m) {
        ObjectNode root = PayloadJson.object();
        root.put("text", m.title());
        ArrayNode blocks = root.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", Text.cut(m.title(), MAX_HEADER));
        List<Message.Alert> alerts = m.alerts();
        for (Message.Alert a : alerts.subList(0, Math.min(alerts.size(), MAX_ALERTS))) {
            section(blocks, Text.cut(alert(a), MAX_SECTION));
        }
        if (alerts.size() > MAX_ALERTS) {
            section(blocks, "and " + (alerts.size() - MAX_ALERTS) + " more");
        }
        ObjectNode context = blocks.addObject().put("type", "context");
        context.putArray("elements")
                .addObject()
                .put("type", "mrkdwn")
                .put("text", link(m.console().toString(), "Open in Vitals"));
        return PayloadJson.write(root);
    }

    private static void section(ArrayNode blocks, String mrkdwn) {
        ObjectNode s = blocks.addObject().put("type", "section");
        s.putObject("text").put("type", "mrkdwn").put("text", mrkdwn);
    }

    private static String alert(Message.Alert a) {
        StringBuilder b = new StringBuilder();
        b.append(a.status() == Event.FIRING ? "*FIRING* " : "*RESOLVED* ");
        b.append(a.link().map(l -> link(l, a.summary())).orElse(escape(a.summary())));
        if (!a.labels().isEmpty()) {
            b.append('\n');
            b.append(String.join(
                    ", ",
                    a.labels().entrySet().stream()
                            .map(e -> escape(e.getKey() + "=" + e.getValue()))
                            .toList()));
        }
        b.append("\nsince ").append(Text.when(a.startsAt()));
        a.endsAt().ifPresent(t -> b.append(", resolved ").append(Text.when(t)));
        return b.toString();
    }

    /** A mrkdwn link; a {@code |} in the URL would end it early, so it is percent-encoded. */
    private static String link(String url, String text) {
        return "<" + escape(url).replace("|", "%7C") + "|" + escape(text) + ">";
    }

    /** Slack's mrkdwn escaping: exactly these three characters, nothing else. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

package dev.vitals.notify.email;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitals.notify.Event;
import dev.vitals.notify.Message;
import dev.vitals.notify.PayloadJson;
import dev.vitals.notify.Text;
import java.util.List;
import java.util.Map;

/**
 * An email as the outbox keeps it: JSON {@code {"subject","text","html"}}, the two bodies listing each
 * alert with its labels, since when, and its link. The recipients are not in it: the channel takes
 * them from the receiver's configuration when it sends.
 *
 * <p>Every value in the HTML is escaped ({@link Html}): labels and annotations come from other
 * systems and must not become markup in a mail client. The subject loses line breaks, which would
 * otherwise start new mail headers. At most {@value #MAX_ALERTS} alerts are listed, then "and N
 * more".
 */
public final class EmailFormat {
    static final int MAX_ALERTS = 100;

    private EmailFormat() {}

    public static String render(Message m) {
        ObjectNode root = PayloadJson.object();
        root.put("subject", m.title().replaceAll("[\\r\\n]+", " "));
        root.put("text", text(m));
        root.put("html", html(m));
        return PayloadJson.write(root);
    }

    private static List<Message.Alert> shown(Message m) {
        return m.alerts().subList(0, Math.min(m.alerts().size(), MAX_ALERTS));
    }

    static String text(Message m) {
        StringBuilder b = new StringBuilder();
        b.append(m.title()).append("\n\n");
        for (Message.Alert a : shown(m)) {
            b.append(a.status() == Event.FIRING ? "FIRING    " : "RESOLVED  ")
                    .append(a.summary())
                    .append('\n');
            if (!a.labels().isEmpty()) {
                b.append("  labels:   ").append(labels(a.labels())).append('\n');
            }
            b.append("  since:    ").append(Text.when(a.startsAt())).append('\n');
            a.endsAt()
                    .ifPresent(
                            t -> b.append("  resolved: ").append(Text.when(t)).append('\n'));
            a.link().ifPresent(l -> b.append("  link:     ").append(l).append('\n'));
            b.append('\n');
        }
        more(m).ifPresent(s -> b.append(s).append("\n\n"));
        b.append("Open in Vitals: ").append(m.console()).append('\n');
        return b.toString();
    }

    static String html(Message m) {
        boolean firing = m.status() == Event.FIRING;
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html><body style=\"font-family:sans-serif\">\n");
        b.append("<h2 style=\"color:")
                .append(firing ? "#b42318" : "#067647")
                .append("\">")
                .append(Html.escape(m.title()))
                .append("</h2>\n");
        for (Message.Alert a : shown(m)) {
            boolean f = a.status() == Event.FIRING;
            b.append("<div style=\"margin:0 0 16px 0\">\n<p><strong style=\"color:")
                    .append(f ? "#b42318" : "#067647")
                    .append("\">")
                    .append(f ? "FIRING" : "RESOLVED")
                    .append("</strong> ");
            String summary = Html.escape(a.summary());
            if (a.link().filter(Html::linkable).isPresent()) {
                b.append("<a href=\"")
                        .append(Html.escape(a.link().get()))
                        .append("\">")
                        .append(summary)
                        .append("</a>");
            } else {
                b.append(summary);
            }
            b.append("</p>\n<table style=\"border-collapse:collapse\">\n");
            a.labels().forEach((k, v) -> row(b, k, v));
            row(b, "since", Text.when(a.startsAt()));
            a.endsAt().ifPresent(t -> row(b, "resolved", Text.when(t)));
            b.append("</table>\n</div>\n");
        }
        more(m).ifPresent(s -> b.append("<p>").append(Html.escape(s)).append("</p>\n"));
        String console = m.console().toString();
        b.append("<p><a href=\"").append(Html.escape(console)).append("\">Open in Vitals</a></p>\n</body></html>\n");
        return b.toString();
    }

    private static void row(StringBuilder b, String key, String value) {
        b.append("<tr><td style=\"padding:0 12px 0 0;color:#555\">")
                .append(Html.escape(key))
                .append("</td><td>")
                .append(Html.escape(value))
                .append("</td></tr>\n");
    }

    private static java.util.Optional<String> more(Message m) {
        int hidden = m.alerts().size() - MAX_ALERTS;
        return hidden > 0 ? java.util.Optional.of("and " + hidden + " more") : java.util.Optional.empty();
    }

    private static String labels(Map<String, String> labels) {
        return String.join(
                ", ",
                labels.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .toList());
    }
}

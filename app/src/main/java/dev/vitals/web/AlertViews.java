package dev.vitals.web;

import java.util.List;
import java.util.Optional;

/** What the alert and notification pages' templates are given: one record per page and per repeated part. */
public final class AlertViews {
    private AlertViews() {}

    /** One tab of the alerts list: its name, how many alerts it holds, and whether it is shown. */
    public record Tab(String key, String label, long count, String href, boolean current) {}

    /**
     * One alert in a row of the list and at the top of its page.
     *
     * @param why why a suppressed alert is not notified ("caused by switch (down)"); empty otherwise
     * @param source where it came from, in words; {@code sourceHref} links to its monitor when it has one
     */
    public record AlertLine(
            String id,
            String href,
            Status status,
            String why,
            String summary,
            String source,
            Optional<String> sourceHref,
            List<String> labels,
            String since,
            List<String> receivers) {}

    public record Alerts(
            Frame frame,
            List<Tab> tabs,
            List<AlertLine> alerts,
            String showing,
            Optional<String> prev,
            Optional<String> next,
            Optional<String> problem) {}

    /** A name and its value: an annotation, a time. */
    public record Fact(String name, String value) {}

    /** A group the alert joined: the receiver, the route that chose it, and what the receiver was told. */
    public record GroupView(String receiver, String route, String labels, String told) {}

    /** One attempt to deliver; {@code failed} marks it for the eye and for tests. */
    public record AttemptView(
            int number, String at, String outcome, boolean failed, String httpStatus, String error, String took) {}

    public record NotificationView(
            String id,
            String receiver,
            String channel,
            String event,
            Status state,
            boolean failed,
            String created,
            String sent,
            String lastError,
            List<AttemptView> attempts,
            List<Link> alerts) {}

    public record AlertDetail(
            Frame frame,
            AlertLine alert,
            List<Fact> times,
            List<Fact> annotations,
            Optional<String> link,
            List<String> why,
            List<GroupView> groups,
            List<NotificationView> notifications) {}

    public record Notifications(
            Frame frame,
            List<Choice> receivers,
            List<Choice> states,
            List<NotificationView> notifications,
            String showing,
            Optional<String> problem) {}
}

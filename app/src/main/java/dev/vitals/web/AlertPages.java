package dev.vitals.web;

import dev.vitals.alerting.AlertPipeline;
import dev.vitals.alerting.AlertRow;
import dev.vitals.alerting.AlertStore;
import dev.vitals.alerting.Why;
import dev.vitals.api.ApiException;
import dev.vitals.api.Route;
import dev.vitals.notify.Attempt;
import dev.vitals.notify.Notification;
import dev.vitals.notify.Outbox;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The console's alerts: what fires, what is held back and why, what was resolved; one alert with the
 * answer to "why was I notified, or why not?"; and the notification history with its failures. They
 * read what the API's {@code /api/v1/alerts} and {@code /api/v1/notifications} read.
 */
final class AlertPages {
    static final String ALERTS = "/alerts";
    static final String NOTIFICATIONS = "/notifications";
    /** Rows per page of alerts, as on the overview. */
    static final int PAGE_SIZE = ConsolePages.PAGE_SIZE;
    /** The history shows this many of the latest notifications; the API reaches further. */
    static final int HISTORY = 100;

    private static final List<String> TABS = List.of("firing", "suppressed", "resolved");
    private static final List<String> NOTIFICATION_STATES = List.of("failed", "pending", "sending", "sent");

    private final Html html;
    private final AlertPipeline pipeline;
    private final Outbox outbox;
    private final InstantSource clock;

    AlertPages(Html html, AlertPipeline pipeline, Outbox outbox, InstantSource clock) {
        this.html = html;
        this.pipeline = pipeline;
        this.outbox = outbox;
        this.clock = clock;
    }

    List<Route> routes() {
        return List.of(
                Route.get(ALERTS, this::alerts),
                Route.get(ALERTS + "/{id}", this::alert),
                Route.get(NOTIFICATIONS, this::notifications));
    }

    private void alerts(Context ctx) {
        Instant now = clock.instant();
        Optional<String> problem = Optional.empty();
        Optional<String> tab = Optional.ofNullable(ctx.queryParam("state")).filter(s -> !s.isBlank());
        if (tab.isPresent() && !TABS.contains(tab.get())) {
            // A wrong filter is said on the page, which still shows every alert.
            problem = Optional.of("State must be one of " + String.join(", ", TABS) + "; showing every alert.");
            tab = Optional.empty();
        }
        int page;
        try {
            page = ConsolePages.page(ctx);
        } catch (ApiException e) {
            problem = Optional.of(Format.sentence(e.getMessage()));
            page = 1;
        }
        AlertStore store = pipeline.store();
        Map<String, Long> counts = store.tabs();
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        long matched = tab.map(counts::get).orElse(total);
        int pages = (int) Math.max(1, (matched + PAGE_SIZE - 1) / PAGE_SIZE);
        page = Math.min(page, pages);
        List<AlertViews.AlertLine> lines = store.page(tab, (page - 1) * PAGE_SIZE, PAGE_SIZE).stream()
                .map(a -> line(a, now))
                .toList();
        List<AlertViews.Tab> tabs = new ArrayList<>();
        tabs.add(new AlertViews.Tab("", "All", total, ALERTS, tab.isEmpty()));
        for (String t : TABS) {
            tabs.add(new AlertViews.Tab(
                    t, capital(t), counts.get(t), alertsHref(Optional.of(t), 1), tab.equals(Optional.of(t))));
        }
        String showing;
        if (matched == 0) {
            showing = tab.isEmpty() ? "No alert yet." : "No " + tab.get() + " alert.";
        } else if (pages == 1) {
            showing = matched + (matched == 1 ? " alert." : " alerts.");
        } else {
            long from = (long) (page - 1) * PAGE_SIZE + 1;
            long to = Math.min(matched, (long) page * PAGE_SIZE);
            showing = "Alerts " + from + " to " + to + " of " + matched + " (page " + page + " of " + pages + ").";
        }
        Optional<String> shownTab = tab;
        html.render(
                ctx,
                200,
                "alerts.jte",
                new AlertViews.Alerts(
                        html.frame(ctx, "Alerts"),
                        tabs,
                        lines,
                        showing,
                        page > 1 ? Optional.of(alertsHref(shownTab, page - 1)) : Optional.empty(),
                        page < pages ? Optional.of(alertsHref(shownTab, page + 1)) : Optional.empty(),
                        problem));
    }

    private static String alertsHref(Optional<String> tab, int page) {
        List<String> parts = new ArrayList<>();
        tab.ifPresent(t -> parts.add("state=" + t));
        if (page > 1) {
            parts.add("page=" + page);
        }
        return ALERTS + (parts.isEmpty() ? "" : "?" + String.join("&", parts));
    }

    private void alert(Context ctx) {
        String id = ctx.pathParam("id");
        AlertStore store = pipeline.store();
        AlertRow a = store.find(id).orElseThrow(() -> ApiException.notFound("no alert with id \"" + id + "\""));
        Instant now = clock.instant();
        List<AlertStore.Membership> groups = store.memberships(id);
        List<Map.Entry<String, String>> sends = store.sends(id);
        Map<String, Notification> notifications = new LinkedHashMap<>();
        for (Map.Entry<String, String> s : sends) {
            outbox.find(s.getKey()).ifPresent(n -> notifications.put(n.nid(), n));
        }
        List<AlertViews.Fact> times = new ArrayList<>();
        times.add(new AlertViews.Fact("Started", Format.time(a.startsAt())));
        if (a.firing()) {
            times.add(new AlertViews.Fact("Firing for", Console.duration(Duration.between(a.startsAt(), now))));
            a.endsAt().ifPresent(e -> times.add(new AlertViews.Fact("Resolves by itself at", Format.time(e))));
        } else {
            a.endsAt().ifPresent(e -> {
                times.add(new AlertViews.Fact("Resolved", Format.time(e)));
                times.add(new AlertViews.Fact("Lasted", Console.duration(Duration.between(a.startsAt(), e))));
            });
        }
        times.add(new AlertViews.Fact("Last heard of", Format.time(a.updatedAt())));
        List<AlertViews.Fact> annotations = a.annotations().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> new AlertViews.Fact(e.getKey(), e.getValue()))
                .toList();
        List<AlertViews.GroupView> groupViews = groups.stream()
                .map(m -> new AlertViews.GroupView(
                        m.group().receiver(),
                        m.group().route(),
                        Format.list(labels(m.group().groupLabels()), "all alerts together"),
                        m.done() ? "done: told all there is" : m.toldFiring() ? "told it fires" : "not told yet"))
                .toList();
        // The notifications are this alert's own: no need to link back to it.
        List<AlertViews.NotificationView> sent = notifications.values().stream()
                .map(n -> notification(n, Map.of()))
                .toList();
        html.render(
                ctx,
                200,
                "alert.jte",
                new AlertViews.AlertDetail(
                        html.frame(ctx, a.summary()),
                        line(a, now),
                        times,
                        annotations,
                        a.link().filter(l -> l.startsWith("http://") || l.startsWith("https://")),
                        Why.explain(a, groups, pipeline.mute(a), notifications, sends),
                        groupViews,
                        sent));
    }

    private void notifications(Context ctx) {
        Optional<String> problem = Optional.empty();
        Optional<String> receiver = Optional.ofNullable(ctx.queryParam("receiver"))
                .map(String::strip)
                .filter(s -> !s.isEmpty());
        Optional<String> state = Optional.ofNullable(ctx.queryParam("state")).filter(s -> !s.isBlank());
        if (state.isPresent() && !NOTIFICATION_STATES.contains(state.get())) {
            problem = Optional.of("State must be one of " + String.join(", ", NOTIFICATION_STATES)
                    + "; showing notifications in every state.");
            state = Optional.empty();
        }
        List<Notification> rows = outbox.recent(receiver, state, HISTORY);
        Map<String, List<String>> told =
                pipeline.store().toldIn(rows.stream().map(Notification::nid).toList());
        List<AlertViews.NotificationView> views =
                rows.stream().map(n -> notification(n, told)).toList();
        List<Choice> receivers = new ArrayList<>();
        receivers.add(new Choice("", "Every receiver", receiver.isEmpty()));
        for (String r : outbox.receivers()) {
            receivers.add(new Choice(r, r, receiver.equals(Optional.of(r))));
        }
        List<Choice> states = new ArrayList<>();
        states.add(new Choice("", "Any state", state.isEmpty()));
        for (String s : NOTIFICATION_STATES) {
            states.add(new Choice(s, capital(s), state.equals(Optional.of(s))));
        }
        long failing =
                views.stream().filter(AlertViews.NotificationView::failed).count();
        String showing = views.isEmpty()
                ? "No notification" + receiver.map(r -> " to " + r).orElse("") + " yet."
                : (views.size() == 1 ? "The latest notification" : "The latest " + views.size() + " notifications")
                        + receiver.map(r -> " to " + r).orElse("") + ", newest first"
                        + (failing == 0 ? "." : "; " + failing + " failed or retrying.");
        html.render(
                ctx,
                200,
                "notifications.jte",
                new AlertViews.Notifications(
                        html.frame(ctx, "Notifications"), receivers, states, views, showing, problem));
    }

    static AlertViews.AlertLine line(AlertRow a, Instant now) {
        String word = !a.firing() ? "resolved" : a.mutedBy().isPresent() ? "suppressed" : "firing";
        String since = a.firing()
                ? Console.since(a.startsAt(), now)
                : "from " + Format.time(a.startsAt())
                        + a.endsAt()
                                .map(e -> " for " + Console.duration(Duration.between(a.startsAt(), e)))
                                .orElse("");
        return new AlertViews.AlertLine(
                a.aid(),
                ALERTS + "/" + Console.path(a.aid()),
                status(word),
                a.firing() ? a.mutedBy().orElse("") : "",
                a.summary(),
                a.monitorId().map(m -> "monitor " + m).orElse("integration " + a.source()),
                a.monitorId().map(m -> "/monitors/" + Console.path(m)),
                labels(a.labels()),
                since,
                a.routes().stream()
                        .map(AlertRow.RouteTaken::receiver)
                        .distinct()
                        .toList());
    }

    private static AlertViews.NotificationView notification(Notification n, Map<String, List<String>> told) {
        boolean retrying = n.state().equals("pending") && n.attempts() > 0;
        String word = retrying ? "retrying" : n.state();
        List<AlertViews.AttemptView> attempts =
                n.attemptLog().stream().map(AlertPages::attempt).toList();
        List<Link> alerts = told.getOrDefault(n.nid(), List.of()).stream()
                .map(aid -> new Link(ALERTS + "/" + Console.path(aid), aid, false))
                .toList();
        return new AlertViews.NotificationView(
                n.nid(),
                n.receiver(),
                n.channel(),
                n.event().word(),
                status(word),
                retrying || n.state().equals("failed"),
                Format.time(n.createdAt()),
                n.sentAt().map(Format::time).orElse(retrying ? "next try " + Format.time(n.dueAt()) : "–"),
                n.lastError().orElse(""),
                attempts,
                alerts);
    }

    private static AlertViews.AttemptView attempt(Attempt a) {
        return new AlertViews.AttemptView(
                a.number(),
                Format.exact(a.startedAt()),
                a.outcome(),
                !a.outcome().equals("sent"),
                a.httpStatus().map(String::valueOf).orElse("–"),
                a.error().orElse(""),
                Console.latency(a.duration()));
    }

    /** An alert's or notification's state: an icon and a word, as monitors' states are shown. */
    static Status status(String word) {
        return switch (word) {
            case "firing" -> new Status("firing", "✕", "Firing");
            case "suppressed" -> new Status("suppressed", "‖", "Suppressed");
            case "resolved" -> new Status("resolved", "✓", "Resolved");
            case "sent" -> new Status("sent", "✓", "Sent");
            case "failed" -> new Status("failed", "✕", "Failed");
            case "retrying" -> new Status("retrying", "↻", "Retrying");
            case "sending" -> new Status("sending", "→", "Sending");
            default -> new Status(word, "○", capital(word));
        };
    }

    private static List<String> labels(Map<String, String> labels) {
        return labels.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.toList());
    }

    /** "failed" as a choice's label: "Failed". */
    private static String capital(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}

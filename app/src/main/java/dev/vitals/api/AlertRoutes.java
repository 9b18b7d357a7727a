package dev.vitals.api;

import dev.vitals.alerting.AlertPipeline;
import dev.vitals.alerting.AlertRow;
import dev.vitals.alerting.AlertStore;
import dev.vitals.alerting.Why;
import dev.vitals.notify.Attempt;
import dev.vitals.notify.Notification;
import dev.vitals.notify.Outbox;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Alerts and notifications: what fires, what is suppressed and why, what was resolved, and every
 * notification with its attempts, failures included.
 */
public final class AlertRoutes {
    private static final Set<String> ALERT_STATES = Set.of("firing", "suppressed", "resolved");
    private static final Set<String> NOTIFICATION_STATES = Set.of("pending", "sending", "sent", "failed");

    private final AlertPipeline pipeline;
    private final Outbox outbox;

    public AlertRoutes(AlertPipeline pipeline, Outbox outbox) {
        this.pipeline = pipeline;
        this.outbox = outbox;
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/api/v1/alerts", this::alerts),
                Route.get("/api/v1/alerts/{id}", this::alert),
                Route.get("/api/v1/notifications", this::notifications),
                Route.get("/api/v1/notifications/{id}", this::notification));
    }

    private void alerts(Context ctx) {
        Optional<String> state = oneOf(ctx, "state", ALERT_STATES);
        int limit = Params.integer(ctx, "limit", 100, 1, 1000);
        List<Map<String, Object>> out = pipeline.store().list(state, limit).stream()
                .map(AlertRoutes::alertView)
                .toList();
        ctx.json(Map.of("alerts", out));
    }

    private void alert(Context ctx) {
        String id = ctx.pathParam("id");
        AlertRow a = pipeline.store().find(id).orElseThrow(() -> ApiException.notFound("no alert with id " + id));
        List<AlertStore.Membership> groups = pipeline.store().memberships(id);
        List<Map.Entry<String, String>> sends = pipeline.store().sends(id);
        Map<String, Notification> notifications = new HashMap<>();
        for (Map.Entry<String, String> s : sends) {
            outbox.find(s.getKey()).ifPresent(n -> notifications.put(n.nid(), n));
        }
        Map<String, Object> view = alertView(a);
        view.put(
                "groups",
                groups.stream()
                        .map(m -> {
                            Map<String, Object> g = new LinkedHashMap<>();
                            g.put("id", m.group().gid());
                            g.put("receiver", m.group().receiver());
                            g.put("route", m.group().route());
                            g.put("group_labels", m.group().groupLabels());
                            g.put("told_firing", m.toldFiring());
                            g.put("done", m.done());
                            return g;
                        })
                        .toList());
        view.put(
                "notifications",
                sends.stream()
                        .filter(s -> notifications.containsKey(s.getKey()))
                        .map(s -> notificationView(notifications.get(s.getKey())))
                        .toList());
        view.put("why", Why.explain(a, groups, pipeline.mute(a), notifications, sends));
        ctx.json(view);
    }

    private void notifications(Context ctx) {
        Optional<String> receiver =
                Optional.ofNullable(ctx.queryParam("receiver")).filter(s -> !s.isBlank());
        Optional<String> state = oneOf(ctx, "state", NOTIFICATION_STATES);
        int limit = Params.integer(ctx, "limit", 100, 1, 1000);
        ctx.json(Map.of(
                "notifications",
                outbox.recent(receiver, state, limit).stream()
                        .map(AlertRoutes::notificationView)
                        .toList()));
    }

    private void notification(Context ctx) {
        String id = ctx.pathParam("id");
        Notification n = outbox.find(id).orElseThrow(() -> ApiException.notFound("no notification with id " + id));
        Map<String, Object> view = notificationView(n);
        view.put("payload", shown(n));
        ctx.json(view);
    }

    /**
     * The payload as sent, but for the PagerDuty routing key: a credential that readers of the API
     * must not learn (it lets anyone page the on-call).
     */
    private static String shown(Notification n) {
        if (!n.channel().equals("pagerduty")) {
            return n.payload();
        }
        try {
            com.fasterxml.jackson.databind.JsonNode body = Json.MAPPER.readTree(n.payload());
            if (body instanceof com.fasterxml.jackson.databind.node.ObjectNode o && o.has("routing_key")) {
                o.put("routing_key", "(hidden)");
            }
            return Json.write(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "(not shown)";
        }
    }

    private static Optional<String> oneOf(Context ctx, String name, Set<String> allowed) {
        Optional<String> v = Optional.ofNullable(ctx.queryParam(name)).filter(s -> !s.isBlank());
        if (v.isPresent() && !allowed.contains(v.get())) {
            throw ApiException.badRequest(
                    name,
                    name + " must be one of "
                            + String.join(", ", allowed.stream().sorted().toList()));
        }
        return v;
    }

    static Map<String, Object> alertView(AlertRow a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.aid());
        m.put("fingerprint", a.key().value());
        m.put("source", a.source());
        m.put("monitor_id", a.monitorId().orElse(null));
        m.put("status", a.firing() ? "firing" : "resolved");
        m.put("suppressed", a.firing() && a.mutedBy().isPresent());
        m.put("muted_by", a.mutedBy().orElse(null));
        m.put("summary", a.summary());
        m.put("labels", a.labels());
        m.put("annotations", a.annotations());
        m.put("starts_at", a.startsAt());
        m.put("ends_at", a.firing() ? null : a.endsAt().orElse(null));
        m.put("link", a.link().orElse(null));
        m.put(
                "routes",
                a.routes().stream()
                        .map(r -> Map.of("receiver", r.receiver(), "route", r.route(), "group", r.group()))
                        .toList());
        return m;
    }

    static Map<String, Object> notificationView(Notification n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", n.nid());
        m.put("receiver", n.receiver());
        m.put("channel", n.channel());
        m.put("group", n.alertKey());
        m.put("event", n.event().word());
        m.put("state", n.state());
        m.put("created_at", n.createdAt());
        m.put("due_at", n.dueAt());
        m.put("sent_at", n.sentAt().orElse(null));
        m.put("attempts", n.attempts());
        m.put("last_error", n.lastError().orElse(null));
        m.put(
                "attempt_log",
                n.attemptLog().stream().map(AlertRoutes::attemptView).toList());
        return m;
    }

    private static Map<String, Object> attemptView(Attempt a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("attempt", a.number());
        m.put("started_at", a.startedAt());
        m.put("outcome", a.outcome());
        m.put("http_status", a.httpStatus().orElse(null));
        m.put("error", a.error().orElse(null));
        m.put("duration_ms", a.duration().toMillis());
        return m;
    }
}

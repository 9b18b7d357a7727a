package dev.vitals.api;

import dev.vitals.accounts.Audit;
import dev.vitals.accounts.Caller;
import dev.vitals.alerting.AlertingConfig;
import dev.vitals.alerting.Receiver;
import dev.vitals.alerting.ReceiverException;
import dev.vitals.alerting.RouteNode;
import dev.vitals.config.Durations;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code /api/v1/receivers} and {@code /api/v1/routes}: the receivers and routes of the file and of
 * the API, and the API's to make, change and remove. Receivers hold addresses and secrets, so only
 * admins see and change them; anyone may read the routing tree. Secrets are never shown.
 */
public final class ReceiverRoutes {
    private final AlertingConfig config;
    private final Audit audit;

    public ReceiverRoutes(AlertingConfig config, Audit audit) {
        this.config = config;
        this.audit = audit;
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/api/v1/receivers", this::list),
                Route.post("/api/v1/receivers", this::create),
                Route.get("/api/v1/receivers/{name}", this::one),
                Route.put("/api/v1/receivers/{name}", this::replace),
                Route.delete("/api/v1/receivers/{name}", this::delete),
                Route.get("/api/v1/routes", this::routesNow),
                Route.put("/api/v1/routes", this::replaceRoutes),
                Route.delete("/api/v1/routes", this::deleteRoutes));
    }

    private void list(Context ctx) {
        ctx.json(Map.of(
                "receivers",
                config.receivers().stream().map(ReceiverRoutes::view).toList()));
    }

    private void one(Context ctx) {
        String name = ctx.pathParam("name");
        ctx.json(view(
                config.receiver(name).orElseThrow(() -> ApiException.notFound("no receiver named \"" + name + "\""))));
    }

    private void create(Context ctx) {
        Caller caller = Guard.caller(ctx);
        AlertingConfig.Entry e = mapErrors(() -> config.create(Params.body(ctx), caller.name()));
        audit.record(caller, AccountRoutes.address(ctx), "receiver.create", Optional.of(e.name()), summary(e));
        ctx.status(201).header("Location", "/api/v1/receivers/" + e.name()).json(view(e));
    }

    private void replace(Context ctx) {
        Caller caller = Guard.caller(ctx);
        String name = ctx.pathParam("name");
        AlertingConfig.Entry e = mapErrors(() -> config.replace(name, Params.body(ctx), caller.name()));
        audit.record(caller, AccountRoutes.address(ctx), "receiver.update", Optional.of(name), summary(e));
        ctx.json(view(e));
    }

    private void delete(Context ctx) {
        Caller caller = Guard.caller(ctx);
        String name = ctx.pathParam("name");
        AlertingConfig.Entry e = mapErrors(() -> config.delete(name));
        audit.record(caller, AccountRoutes.address(ctx), "receiver.delete", Optional.of(name), summary(e));
        ctx.status(204);
    }

    private void routesNow(Context ctx) {
        AlertingConfig.Routes r = config.routes();
        ctx.header("ETag", r.etag()).json(view(r));
    }

    private void replaceRoutes(Context ctx) {
        Caller caller = Guard.caller(ctx);
        Optional<String> ifMatch = Optional.ofNullable(ctx.header("If-Match"));
        AlertingConfig.Routes r = mapErrors(() -> config.replaceRoutes(Params.body(ctx), ifMatch, caller.name()));
        audit.record(
                caller,
                AccountRoutes.address(ctx),
                "routes.update",
                Optional.empty(),
                Map.of(
                        "routes",
                        r.tree().map(t -> t.routes().size() - r.fileRoutes()).orElse(0)));
        ctx.header("ETag", r.etag()).json(view(r));
    }

    private void deleteRoutes(Context ctx) {
        Caller caller = Guard.caller(ctx);
        Optional<String> ifMatch = Optional.ofNullable(ctx.header("If-Match"));
        AlertingConfig.Routes r = mapErrors(() -> config.deleteRoutes(ifMatch));
        audit.record(caller, AccountRoutes.address(ctx), "routes.delete", Optional.empty(), Map.of());
        ctx.header("ETag", r.etag()).json(view(r));
    }

    // ---- views

    private static Object stored(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return json; // written by Vitals itself as JSON; shown as text rather than failing the list
        }
    }

    private static Map<String, Object> summary(AlertingConfig.Entry e) {
        return Map.of(
                "channels",
                e.receiver().targets().stream().map(Receiver.Target::kind).toList());
    }

    static Map<String, Object> view(AlertingConfig.Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", e.name());
        m.put("origin", e.origin().wire());
        e.row().ifPresent(r -> {
            m.put("created_by", r.createdBy());
            m.put("created_at", r.createdAt().toString());
            m.put("updated_by", r.updatedBy());
            m.put("updated_at", r.updatedAt().toString());
        });
        for (Receiver.Target t : e.receiver().targets()) {
            m.put(t.kind(), target(t));
        }
        return m;
    }

    private static Map<String, Object> target(Receiver.Target t) {
        Map<String, Object> m = new LinkedHashMap<>();
        switch (t) {
            case Receiver.Webhook w -> {
                m.put("url", w.url().toString());
                w.secret().ifPresent(s -> m.put("secret", AlertingConfig.MASK));
                m.put("timeout", Durations.format(w.timeout()));
            }
            case Receiver.Slack s -> {
                m.put("url", s.url().toString());
                m.put("timeout", Durations.format(s.timeout()));
            }
            case Receiver.Teams s -> {
                m.put("url", s.url().toString());
                m.put("timeout", Durations.format(s.timeout()));
            }
            case Receiver.Alertmanager s -> {
                m.put("url", s.url().toString());
                m.put("timeout", Durations.format(s.timeout()));
            }
            case Receiver.PagerDuty p -> {
                m.put("routing_key", AlertingConfig.MASK);
                m.put("url", p.url().toString());
                m.put("timeout", Durations.format(p.timeout()));
            }
            case Receiver.Email e -> {
                m.put("to", e.to());
                m.put("from", e.from());
                Map<String, Object> smtp = new LinkedHashMap<>();
                smtp.put("host", e.smtp().host());
                smtp.put("port", e.smtp().port());
                smtp.put("starttls", e.smtp().starttls().name().toLowerCase(java.util.Locale.ROOT));
                e.smtp().username().ifPresent(u -> smtp.put("username", u));
                e.smtp().password().ifPresent(p -> smtp.put("password", AlertingConfig.MASK));
                smtp.put("timeout", Durations.format(e.smtp().timeout()));
                m.put("smtp", smtp);
            }
        }
        return m;
    }

    private static Map<String, Object> view(AlertingConfig.Routes r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("top", r.top().map(AlertingConfig.Origin::wire).orElse(null));
        m.put(
                "route",
                r.tree()
                        .map(t -> node(t, r.top().orElseThrow(), r.fileRoutes(), true))
                        .orElse(null));
        m.put("api", r.api().map(a -> stored(a.definition())).orElse(null));
        r.api().ifPresent(a -> {
            m.put("updated_by", a.updatedBy());
            m.put("updated_at", a.updatedAt().toString());
        });
        m.put("etag", r.etag());
        return m;
    }

    /** A node as the API shows it, with where it comes from; the top's first {@code fileRoutes} are the file's. */
    private static Map<String, Object> node(RouteNode n, AlertingConfig.Origin origin, int fileRoutes, boolean top) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("origin", origin.wire());
        m.put("receiver", n.receiver());
        if (!n.match().isEmpty()) {
            m.put("match", new java.util.TreeMap<>(n.match()));
        }
        if (!n.matchRe().isEmpty()) {
            Map<String, String> re = new java.util.TreeMap<>();
            n.matchRe().forEach((k, v) -> re.put(k, v.pattern()));
            m.put("match_re", re);
        }
        m.put("group_by", n.groupBy());
        m.put("group_wait", Durations.format(n.timings().groupWait()));
        m.put("group_interval", Durations.format(n.timings().groupInterval()));
        m.put("repeat_interval", Durations.format(n.timings().repeatInterval()));
        if (!top) {
            m.put("continue", n.continueMatching());
        }
        List<Map<String, Object>> children = new java.util.ArrayList<>();
        for (int i = 0; i < n.routes().size(); i++) {
            AlertingConfig.Origin o =
                    top && origin == AlertingConfig.Origin.FILE && i >= fileRoutes ? AlertingConfig.Origin.API : origin;
            children.add(node(n.routes().get(i), o, fileRoutes, false));
        }
        m.put("routes", children);
        return m;
    }

    private static <T> T mapErrors(Supplier<T> action) {
        try {
            return action.get();
        } catch (ReceiverException e) {
            throw switch (e.kind()) {
                case NOT_FOUND -> ApiException.notFound(e.getMessage());
                case CONFLICT -> ApiException.conflict(e.getMessage());
                case STALE -> new ApiException(412, "Precondition failed", e.getMessage(), Optional.empty(), List.of());
                case INVALID ->
                    new ApiException(
                            400,
                            "Invalid receiver or route",
                            e.getMessage(),
                            Optional.of(
                                    e.problems().isEmpty()
                                                    || e.problems()
                                                            .get(0)
                                                            .path()
                                                            .isEmpty()
                                            ? "body"
                                            : e.problems().get(0).path()),
                            e.problems());
            };
        }
    }
}

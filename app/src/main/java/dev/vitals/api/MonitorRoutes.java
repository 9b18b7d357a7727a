package dev.vitals.api;

import dev.vitals.accounts.Audit;
import dev.vitals.accounts.Caller;
import dev.vitals.accounts.Role;
import dev.vitals.checks.NetworkGuard;
import dev.vitals.evaluation.Evaluator;
import dev.vitals.monitors.Monitor;
import dev.vitals.monitors.MonitorException;
import dev.vitals.monitors.MonitorRegistry;
import dev.vitals.results.LatestResults;
import io.javalin.http.Context;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code /api/v1/monitors}: list, read, create, update and delete monitors. */
final class MonitorRoutes {
    private final MonitorRegistry registry;
    private final Evaluator evaluator;
    private final LatestResults latest;
    private final Audit audit;
    private final NetworkGuard guard;
    private final dev.vitals.push.PushViews push;

    MonitorRoutes(
            MonitorRegistry registry,
            Evaluator evaluator,
            LatestResults latest,
            Audit audit,
            NetworkGuard guard,
            dev.vitals.push.PushViews push) {
        this.guard = guard;
        this.push = push;
        this.registry = registry;
        this.evaluator = evaluator;
        this.latest = latest;
        this.audit = audit;
    }

    List<Route> routes() {
        return List.of(
                Route.get("/api/v1/monitors", this::list),
                Route.post("/api/v1/monitors", this::create),
                Route.get("/api/v1/monitors/{id}", this::one),
                Route.put("/api/v1/monitors/{id}", this::update),
                Route.delete("/api/v1/monitors/{id}", this::delete),
                Route.get("/api/v1/monitors/{id}/runs", this::runs));
    }

    private void list(Context ctx) {
        List<Map<String, Object>> views = registry.all().stream()
                .sorted(Comparator.comparing(Monitor::id))
                .map(m -> view(m, Guard.caller(ctx)))
                .toList();
        ctx.json(Map.of("monitors", views));
    }

    private void one(Context ctx) {
        ctx.json(view(find(ctx.pathParam("id")), Guard.caller(ctx)));
    }

    private void create(Context ctx) {
        Caller caller = Guard.caller(ctx);
        String body = Params.body(ctx);
        boolean restricted = caller.role() != Role.ADMIN;
        Monitor m = mapErrors(() -> registry.create(body, restricted, created -> approve(caller, created, "create")));
        audit.record(caller, AccountRoutes.address(ctx), "monitor.create", Optional.of(m.id()), summary(m));
        ctx.status(201).header("Location", "/api/v1/monitors/" + m.id()).json(view(m, caller));
    }

    private void update(Context ctx) {
        Caller caller = Guard.caller(ctx);
        String id = ctx.pathParam("id");
        Monitor before = find(id);
        requireTeam(caller, before, "change");
        String body = Params.body(ctx);
        boolean restricted = caller.role() != Role.ADMIN;
        Monitor m = mapErrors(() -> registry.update(id, body, restricted, (was, after) -> {
            requireTeam(caller, was, "change");
            approve(caller, after, "change");
        }));
        Map<String, Object> detail = new java.util.LinkedHashMap<>(summary(m));
        detail.put("check_changed", !m.sameCheckAs(before));
        audit.record(caller, AccountRoutes.address(ctx), "monitor.update", Optional.of(id), detail);
        ctx.json(view(m, caller));
    }

    /**
     * What a non-admin may save: a monitor of one of their teams, whose target is not written as an
     * address the deny list forbids (the checks judge every address they connect to as well).
     */
    private void approve(Caller caller, Monitor m, String verb) {
        requireTeam(caller, m, verb);
        if (caller.role() != Role.ADMIN) {
            guard.refusal(m.target()).ifPresent(why -> {
                throw ApiException.badRequest("url", why);
            });
            boolean caFile = switch (m.target()) {
                case dev.vitals.monitors.HttpTarget t -> t.caFile().isPresent();
                case dev.vitals.monitors.TlsTarget t -> t.caFile().isPresent();
                default -> false;
            };
            if (caFile) {
                // A path on the Vitals server: its answers would tell a non-admin which files exist.
                throw ApiException.badRequest(
                        "ca_file", "only admins can set ca_file: it names a file on the Vitals server");
            }
        }
    }

    private void delete(Context ctx) {
        Caller caller = Guard.caller(ctx);
        String id = ctx.pathParam("id");
        Monitor before = find(id);
        requireTeam(caller, before, "delete");
        mapErrors(() -> {
            registry.delete(id);
            return null;
        });
        audit.record(caller, AccountRoutes.address(ctx), "monitor.delete", Optional.of(id), Map.of());
        ctx.status(204);
    }

    /** The label that says which team owns a monitor; responders change only their teams' monitors. */
    static final String TEAM = "team";

    private static void requireTeam(Caller caller, Monitor m, String verb) {
        // Teams limit what a responder may touch; an admin's token of scope write still edits any monitor.
        if (caller.role() == Role.ADMIN) {
            return;
        }
        String team = m.labels().get(TEAM);
        if (team == null) {
            throw Guard.forbidden("a responder can " + verb + " only monitors labelled with one of their teams"
                    + teamsOf(caller) + "; this one has no team label");
        }
        if (!caller.teams().contains(team)) {
            throw Guard.forbidden("this monitor belongs to team \"" + team + "\"; a responder can " + verb
                    + " only monitors of their own teams" + teamsOf(caller));
        }
    }

    private static String teamsOf(Caller caller) {
        return caller.teams().isEmpty() ? " (you are in no team)" : " (" + String.join(", ", caller.teams()) + ")";
    }

    /** What the audit log keeps of a monitor: what it checks, never its secrets. */
    private static Map<String, Object> summary(Monitor m) {
        return Map.of("kind", m.kind(), "target", m.target().describe(), "labels", m.labels());
    }

    private Monitor find(String id) {
        return registry.get(id).orElseThrow(() -> ApiException.notFound("no monitor with id \"" + id + "\""));
    }

    /** A push monitor's runs, newest first: {@code ?limit=} (1 to 100, default 20). */
    private void runs(Context ctx) {
        Monitor m = find(ctx.pathParam("id"));
        if (!m.isPush()) {
            throw ApiException.badRequest(
                    "id", "monitor \"" + m.id() + "\" is of kind " + m.kind() + ": only push monitors have runs");
        }
        int limit = Params.integer(ctx, "limit", 20, 1, dev.vitals.push.PushViews.KEPT_RUNS);
        ctx.json(
                Map.of("runs", push.runs(m.id(), limit).stream().map(Views::run).toList()));
    }

    /**
     * The monitor as the API shows it. A push monitor's ping URL is its credential (whoever has it can
     * report the job as done), so it is shown to admins and to the members of the monitor's team only.
     */
    private Map<String, Object> view(Monitor m, Caller caller) {
        Map<String, Object> v = Views.monitor(m, evaluator.status(m.id()), latest.get(m.id()));
        if (m.isPush()) {
            boolean ofTeam = dev.vitals.push.PushViews.showsPingUrl(m, caller);
            push.status(m.id()).ifPresent(s -> {
                v.put("ping_url", ofTeam ? push.pingUrl(s.key()).toString() : null);
                v.put("push", Views.push(s));
            });
        }
        return v;
    }

    static <T> T mapErrors(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (MonitorException e) {
            throw switch (e.kind()) {
                case NOT_FOUND -> ApiException.notFound(e.getMessage());
                case CONFLICT -> ApiException.conflict(e.getMessage());
                case INVALID ->
                    new ApiException(
                            400,
                            "Invalid monitor",
                            e.getMessage(),
                            e.problems().isEmpty()
                                    ? Optional.empty()
                                    : Optional.of(e.problems().get(0).path()),
                            e.problems());
            };
        }
    }
}

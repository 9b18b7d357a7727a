package dev.vitals.api;

import dev.vitals.accounts.Audit;
import dev.vitals.accounts.Caller;
import dev.vitals.config.Durations;
import dev.vitals.maintenance.Interval;
import dev.vitals.maintenance.MaintenanceException;
import dev.vitals.maintenance.MaintenanceWindow;
import dev.vitals.maintenance.Maintenances;
import dev.vitals.silences.Candidate;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code /api/v1/maintenances}: list the windows of the file and of the API, make and end the API's,
 * and preview a window before making it. A responder's window must match one of their teams.
 */
public final class MaintenanceRoutes {
    /** How many occurrences a preview lists, and how far ahead it looks for them. */
    static final int PREVIEW_OCCURRENCES = 5;

    static final Duration PREVIEW_HORIZON = Duration.ofDays(400);

    private final Maintenances maintenances;
    private final Audit audit;
    private final Supplier<List<Candidate>> candidates;
    private final InstantSource clock;

    public MaintenanceRoutes(
            Maintenances maintenances, Audit audit, Supplier<List<Candidate>> candidates, InstantSource clock) {
        this.maintenances = maintenances;
        this.audit = audit;
        this.candidates = candidates;
        this.clock = clock;
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/api/v1/maintenances", this::list),
                Route.post("/api/v1/maintenances", this::create),
                Route.post("/api/v1/maintenances/preview", this::preview),
                Route.delete("/api/v1/maintenances/{name}", this::end));
    }

    private void list(Context ctx) {
        ctx.json(Map.of(
                "maintenances",
                maintenances.list().stream().map(MaintenanceRoutes::view).toList()));
    }

    private void create(Context ctx) {
        Maintenances.Entry e = create(ctx, Params.body(ctx));
        ctx.status(201)
                .header("Location", "/api/v1/maintenances/" + e.name())
                .json(view(Maintenances.status(e, clock.instant())));
    }

    /**
     * Makes a window from its JSON definition for the caller of {@code ctx}, with the API's checks (a
     * responder's window matches one of their teams) and audit record; the console's form comes here
     * too. Throws {@link ApiException}.
     */
    public Maintenances.Entry create(Context ctx, String json) {
        Caller caller = Guard.caller(ctx);
        MaintenanceWindow w = mapErrors(() -> Maintenances.parse(json));
        SilenceRoutes.requireTeam(
                caller, Optional.ofNullable(w.match().get(MonitorRoutes.TEAM)), "plan maintenance for");
        Maintenances.Entry e = mapErrors(() -> maintenances.create(json, caller.name()));
        audit.record(caller, AccountRoutes.address(ctx), "maintenance.create", Optional.of(e.name()), summary(w));
        return e;
    }

    private void end(Context ctx) {
        Maintenances.Entry e = end(ctx, ctx.pathParam("name"));
        ctx.json(view(Maintenances.status(e, clock.instant())));
    }

    /** Ends the API's window {@code name} now, with the API's checks and audit record. */
    public Maintenances.Entry end(Context ctx, String name) {
        Caller caller = Guard.caller(ctx);
        Maintenances.Status before = maintenances.list().stream()
                .filter(s -> s.entry().name().equals(name))
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("no maintenance window named \"" + name + "\""));
        if (before.entry().origin() == Maintenances.Origin.API) {
            SilenceRoutes.requireTeam(
                    caller,
                    Optional.ofNullable(before.entry().window().match().get(MonitorRoutes.TEAM)),
                    "end maintenance for");
        }
        Maintenances.Entry e = mapErrors(() -> maintenances.end(name));
        if (before.entry().endedAt().isEmpty()) {
            audit.record(caller, AccountRoutes.address(ctx), "maintenance.end", Optional.of(name), summary(e.window()));
        }
        return e;
    }

    /** What {@code w} would mute now: the monitors and firing alerts its match covers. */
    public List<Candidate> preview(MaintenanceWindow w) {
        return candidates.get().stream()
                .filter(c -> Maintenances.matches(w, c.labels()))
                .toList();
    }

    /** Every window, the file's first, as the API lists them. */
    public List<Maintenances.Status> list() {
        return maintenances.list();
    }

    private void preview(Context ctx) {
        MaintenanceWindow w = mapErrors(() -> Maintenances.parse(Params.body(ctx)));
        Instant now = clock.instant();
        List<Map<String, Object>> hits =
                preview(w).stream().map(SilenceRoutes::candidate).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", w.name());
        out.put("schedule", Maintenances.schedule(w));
        out.put(
                "occurrences",
                w.between(now, now.plus(PREVIEW_HORIZON), PREVIEW_OCCURRENCES).stream()
                        .map(MaintenanceRoutes::interval)
                        .toList());
        out.put("count", hits.size());
        out.put("matches", hits);
        ctx.json(out);
    }

    private static Map<String, Object> view(Maintenances.Status s) {
        Maintenances.Entry e = s.entry();
        MaintenanceWindow w = e.window();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", e.name());
        m.put("origin", e.origin().wire());
        m.put("schedule", s.schedule());
        m.put("tz", w.zone().getId());
        m.put("duration", Durations.format(w.duration()));
        m.put("match", new java.util.TreeMap<>(w.match()));
        m.put("active", s.current().isPresent());
        m.put("current", s.current().map(MaintenanceRoutes::interval));
        m.put("next", s.next().map(MaintenanceRoutes::interval));
        m.put("created_by", e.createdBy());
        m.put("created_at", e.createdAt().map(Instant::toString));
        m.put("ended_at", e.endedAt().map(Instant::toString));
        return m;
    }

    private static Map<String, Object> interval(Interval i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("start", i.start().toString());
        m.put("end", i.end().toString());
        return m;
    }

    private static Map<String, Object> summary(MaintenanceWindow w) {
        return Map.of("schedule", Maintenances.schedule(w), "match", w.match());
    }

    private static <T> T mapErrors(Supplier<T> action) {
        try {
            return action.get();
        } catch (MaintenanceException e) {
            throw switch (e.kind()) {
                case NOT_FOUND -> ApiException.notFound(e.getMessage());
                case CONFLICT -> ApiException.conflict(e.getMessage());
                case INVALID ->
                    new ApiException(
                            400,
                            "Invalid maintenance window",
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

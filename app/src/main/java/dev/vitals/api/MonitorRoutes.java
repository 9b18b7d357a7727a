package dev.vitals.api;

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

    MonitorRoutes(MonitorRegistry registry, Evaluator evaluator, LatestResults latest) {
        this.registry = registry;
        this.evaluator = evaluator;
        this.latest = latest;
    }

    List<Route> routes() {
        return List.of(
                Route.get("/api/v1/monitors", this::list),
                Route.post("/api/v1/monitors", this::create),
                Route.get("/api/v1/monitors/{id}", this::one),
                Route.put("/api/v1/monitors/{id}", this::update),
                Route.delete("/api/v1/monitors/{id}", this::delete));
    }

    private void list(Context ctx) {
        List<Map<String, Object>> views = registry.all().stream()
                .sorted(Comparator.comparing(Monitor::id))
                .map(this::view)
                .toList();
        ctx.json(Map.of("monitors", views));
    }

    private void one(Context ctx) {
        ctx.json(view(find(ctx.pathParam("id"))));
    }

    private void create(Context ctx) {
        Monitor m = mapErrors(() -> registry.create(Params.body(ctx)));
        ctx.status(201).header("Location", "/api/v1/monitors/" + m.id()).json(view(m));
    }

    private void update(Context ctx) {
        String id = ctx.pathParam("id");
        String body = Params.body(ctx);
        Monitor m = mapErrors(() -> registry.update(id, body));
        ctx.json(view(m));
    }

    private void delete(Context ctx) {
        String id = ctx.pathParam("id");
        mapErrors(() -> {
            registry.delete(id);
            return null;
        });
        ctx.status(204);
    }

    private Monitor find(String id) {
        return registry.get(id).orElseThrow(() -> ApiException.notFound("no monitor with id \"" + id + "\""));
    }

    private Map<String, Object> view(Monitor m) {
        return Views.monitor(m, evaluator.status(m.id()), latest.get(m.id()));
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

package dev.vitals.api;

import dev.vitals.monitors.MonitorRegistry;
import dev.vitals.results.Availability;
import dev.vitals.results.ResultTables;
import dev.vitals.store.Database;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Results, availability and flips of monitors. */
final class ResultRoutes {
    private static final Duration MAX_WINDOW = Duration.ofDays(800);

    private final Database db;
    private final MonitorRegistry registry;
    private final Availability availability;
    private final InstantSource clock;

    ResultRoutes(Database db, MonitorRegistry registry, Availability availability, InstantSource clock) {
        this.db = db;
        this.registry = registry;
        this.availability = availability;
        this.clock = clock;
    }

    List<Route> routes() {
        return List.of(
                Route.get("/api/v1/monitors/{id}/results", this::results),
                Route.get("/api/v1/monitors/{id}/availability", this::availability),
                Route.get("/api/v1/flips", this::flips));
    }

    private void results(Context ctx) {
        String id = known(ctx.pathParam("id"));
        Instant to = Params.instant(ctx, "to").orElse(clock.instant().plusMillis(1));
        Instant from = Params.instant(ctx, "from").orElse(to.minus(Duration.ofDays(1)));
        order(from, to);
        int limit = Params.integer(ctx, "limit", 100, 1, 10_000);
        var rows = db.read(c -> ResultTables.results(c, id, from, to, limit));
        ctx.json(Map.of("results", rows.stream().map(Views::result).toList()));
    }

    private void availability(Context ctx) {
        String id = known(ctx.pathParam("id"));
        Optional<Duration> window = Params.duration(ctx, "window");
        Instant to = Params.instant(ctx, "to").orElse(clock.instant());
        Optional<Instant> fromParam = Params.instant(ctx, "from");
        if (window.isPresent() && fromParam.isPresent()) {
            throw ApiException.badRequest("window", "give either window or from, not both");
        }
        Duration w = window.orElse(Duration.ofHours(24));
        if (w.compareTo(Duration.ofSeconds(1)) < 0 || w.compareTo(MAX_WINDOW) > 0) {
            throw ApiException.badRequest("window", "window must be between 1s and 800d");
        }
        Instant from = fromParam.orElse(to.minus(w));
        order(from, to);
        if (Duration.between(from, to).compareTo(MAX_WINDOW) > 0) {
            throw ApiException.badRequest("from", "from and to must be at most 800d apart");
        }
        var report = availability
                .of(id, from, to)
                .orElseThrow(() -> ApiException.notFound("no results stored for monitor \"" + id + "\" yet"));
        ctx.json(Views.availability(report, fromParam.isPresent() ? Optional.empty() : Optional.of(w)));
    }

    private void flips(Context ctx) {
        Optional<String> monitor =
                Optional.ofNullable(ctx.queryParam("monitor")).filter(s -> !s.isBlank());
        monitor.ifPresent(this::known);
        Instant to = Params.instant(ctx, "to").orElse(clock.instant().plusMillis(1));
        Instant from = Params.instant(ctx, "from").orElse(Instant.EPOCH);
        order(from, to);
        int limit = Params.integer(ctx, "limit", 100, 1, 10_000);
        var rows = db.read(c -> ResultTables.flips(c, monitor, from, to, limit));
        ctx.json(Map.of("flips", rows.stream().map(f -> Views.flip(f.flip())).toList()));
    }

    private String known(String id) {
        if (registry.get(id).isEmpty()) {
            throw ApiException.notFound("no monitor with id \"" + id + "\"");
        }
        return id;
    }

    private static void order(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw ApiException.badRequest("from", "from must be before to");
        }
    }
}

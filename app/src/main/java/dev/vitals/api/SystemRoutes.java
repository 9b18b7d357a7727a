package dev.vitals.api;

import dev.vitals.metrics.PrometheusText;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** {@code /health}, {@code /metrics} and the OpenAPI document. */
final class SystemRoutes {
    /** The health of Vitals itself: {@code status} is "ok" or "degraded", with the parts that say why. */
    interface HealthSource extends Supplier<Map<String, Object>> {}

    private final HealthSource health;
    private final Supplier<String> metrics;
    private final String openapi;

    SystemRoutes(HealthSource health, Supplier<String> metrics) {
        this.health = health;
        this.metrics = metrics;
        this.openapi = resource("openapi.json");
    }

    List<Route> routes() {
        return List.of(
                Route.get("/health", this::health),
                Route.get("/metrics", this::metrics),
                Route.get("/api/v1/openapi.json", this::openapi));
    }

    private void health(Context ctx) {
        // 200 even when degraded: a probe that restarted Vitals while the database is away would throw
        // away the results waiting in memory. The body says what is wrong.
        ctx.json(health.get());
    }

    private void metrics(Context ctx) {
        ctx.contentType(PrometheusText.CONTENT_TYPE).result(metrics.get());
    }

    private void openapi(Context ctx) {
        ctx.contentType("application/json").result(openapi);
    }

    static String resource(String name) {
        try (InputStream in = SystemRoutes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

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
    private final MetricsPage metrics;
    private final String openapi;

    SystemRoutes(HealthSource health, MetricsPage metrics) {
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

    /** The metrics page, written into a stream as it is made. */
    @FunctionalInterface
    public interface MetricsPage {
        void writeTo(Appendable out);
    }

    private void metrics(Context ctx) throws java.io.IOException {
        ctx.contentType(PrometheusText.CONTENT_TYPE);
        // Streamed: with 100,000 monitors the page is hundreds of megabytes, more than a small heap
        // could hold as one string.
        try (java.io.Writer out = new java.io.BufferedWriter(
                new java.io.OutputStreamWriter(ctx.res().getOutputStream(), java.nio.charset.StandardCharsets.UTF_8),
                64 * 1024)) {
            metrics.writeTo(out);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause(); // the scraper went away
        }
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

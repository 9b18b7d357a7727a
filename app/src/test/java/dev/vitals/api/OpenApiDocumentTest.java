package dev.vitals.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The OpenAPI document is hand-written; this keeps it and the route table from drifting apart. */
class OpenApiDocumentTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    private static JsonNode document() throws Exception {
        try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/dev/vitals/api/openapi.json")) {
            assertThat(in).as("openapi.json on the class path").isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }

    private static List<Route> routes() {
        // The route tables only name handlers; nothing is called, so no collaborators are needed.
        List<Route> routes = new ArrayList<>();
        routes.addAll(new MonitorRoutes(null, null, null, null, null, null).routes());
        routes.addAll(new AccountRoutes(null, null, null, null).routes());
        routes.addAll(new ResultRoutes(null, null, null, null).routes());
        routes.addAll(new SystemRoutes(null, null).routes());
        routes.addAll(new AlertRoutes(null, null).routes());
        routes.addAll(new IntegrationRoutes(null, null, null).routes());
        routes.addAll(new SilenceRoutes(null, null, null).routes());
        routes.addAll(new MaintenanceRoutes(null, null, null, null).routes());
        routes.addAll(new ReceiverRoutes(null, null).routes());
        routes.addAll(new PingRoutes(null, null, null, null).routes());
        return routes;
    }

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedOperationIsARoute() throws Exception {
        Set<String> served = new TreeSet<>();
        for (Route r : routes()) {
            served.add(r.method().name().toLowerCase(Locale.ROOT) + " " + r.path());
        }
        Set<String> documented = new TreeSet<>();
        document()
                .path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(op -> {
                    if (METHODS.contains(op.getKey())) {
                        documented.add(op.getKey() + " " + path.getKey());
                    }
                }));
        assertThat(documented).isEqualTo(served);
    }

    @Test
    void everyOperationDocumentsItsErrorsAsProblemDetails() throws Exception {
        document()
                .path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(op -> {
                    if (!METHODS.contains(op.getKey())
                            || path.getKey().equals("/health")
                            || path.getKey().equals("/metrics")
                            // PagerDuty's clients read its own shape of refusal, not problem details.
                            || path.getKey().equals("/v2/enqueue")
                            // Cron wrappers read healthchecks.io's plain-text answers.
                            || path.getKey().startsWith("/ping/")
                            || path.getKey().endsWith("openapi.json")) {
                        return;
                    }
                    JsonNode responses = op.getValue().path("responses");
                    responses.properties().forEach(resp -> {
                        if (resp.getKey().startsWith("4")) {
                            JsonNode content = resp.getValue().has("$ref")
                                    ? resp.getValue()
                                    : resp.getValue().path("content");
                            assertThat(content.toString())
                                    .as(op.getKey() + " " + path.getKey() + " " + resp.getKey())
                                    .containsAnyOf("problem+json", "#/components/responses/");
                        }
                    });
                }));
    }
}

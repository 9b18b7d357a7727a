package dev.vitals.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.testkit.ApiClient;
import dev.vitals.testkit.StatusTarget;
import dev.vitals.testkit.VitalsProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST API of the real jar, watching real local HTTP services. */
@Tag("e2e")
class ApiIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    static StatusTarget web;
    static StatusTarget flappy;
    static VitalsProcess vitals;
    static ApiClient api;

    @BeforeAll
    static void start() throws Exception {
        web = StatusTarget.start();
        flappy = StatusTarget.start();
        Path config = dir.resolve("vitals.yaml");
        Files.writeString(config, """
                monitors:
                  - id: web
                    name: Intranet
                    kind: http
                    url: %s
                    interval: 1s
                    timeout: 1s
                    slow: 900ms
                    expect: { status: [200], body_contains: "ok" }
                    labels: { team: it }
                  - id: flappy
                    kind: http
                    url: %s
                    interval: 1s
                    timeout: 1s
                    confirm: { fail_after: 2, recover_after: 2 }
                """.formatted(web.url("/health"), flappy.url("/")));
        vitals = VitalsProcess.serve(config, dir.resolve("data"));
        api = new ApiClient(vitals.baseUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        if (vitals != null) {
            vitals.close();
        }
        web.close();
        flappy.close();
    }

    @Test
    void aFileMonitorShowsItsStatusLabelsAndLastResultWithPhases() {
        JsonNode m = api.await(
                        "/api/v1/monitors/web",
                        WAIT,
                        r -> "up".equals(r.json().path("status").asText()))
                .json();
        assertThat(m.path("id").asText()).isEqualTo("web");
        assertThat(m.path("name").asText()).isEqualTo("Intranet");
        assertThat(m.path("kind").asText()).isEqualTo("http");
        assertThat(m.path("labels").path("team").asText()).isEqualTo("it");
        assertThat(m.path("source").path("type").asText()).isEqualTo("file");
        JsonNode last = m.path("last_result");
        assertThat(last.path("outcome").asText()).isEqualTo("up");
        assertThat(Instant.parse(last.path("at").asText()))
                .isBefore(Instant.now().plusSeconds(1));
        assertThat(last.path("latency_ms").isNumber()).isTrue();
        assertThat(last.path("reason").isNull()).isTrue();
        assertThat(last.path("phases").has("connect_ms")).isTrue();
        assertThat(last.path("phases").has("first_byte_ms")).isTrue();
    }

    @Test
    void theListHoldsEveryMonitor() {
        ApiClient.Response r = api.get("/api/v1/monitors");
        assertThat(r.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        r.json().path("monitors").forEach(m -> ids.add(m.path("id").asText()));
        assertThat(ids).contains("web", "flappy");
    }

    @Test
    void resultsComeNewestFirstAndTheLimitHolds() {
        api.await(
                "/api/v1/monitors/web/results",
                WAIT,
                r -> r.json().path("results").size() >= 3);
        JsonNode results =
                api.get("/api/v1/monitors/web/results?limit=2").json().path("results");
        assertThat(results).hasSize(2);
        assertThat(Instant.parse(results.get(0).path("at").asText()))
                .isAfter(Instant.parse(results.get(1).path("at").asText()));
        String from = results.get(0).path("at").asText();
        JsonNode since =
                api.get("/api/v1/monitors/web/results?from=" + from).json().path("results");
        assertThat(since).isNotEmpty();
        assertThat(since)
                .allSatisfy(
                        x -> assertThat(Instant.parse(x.path("at").asText())).isAfterOrEqualTo(Instant.parse(from)));
    }

    @Test
    void aServiceThatFailsTwiceInARowFlipsToDownWithTheResultsThatCausedItAndRecovers() {
        api.await(
                "/api/v1/monitors/flappy",
                WAIT,
                r -> "up".equals(r.json().path("status").asText()));
        flappy.answer(503, "maintenance");
        JsonNode down = api.await(
                        "/api/v1/monitors/flappy",
                        WAIT,
                        r -> "down".equals(r.json().path("status").asText()))
                .json();
        assertThat(down.path("status_reason").asText()).contains("503");
        JsonNode flip = api.awaitNewestFlip("flappy", "down", WAIT).get(0);
        assertThat(flip.path("from").asText()).isEqualTo("up");
        assertThat(flip.path("to").asText()).isEqualTo("down");
        assertThat(flip.path("causes")).hasSize(2);
        assertThat(flip.path("causes").get(0).path("outcome").asText()).isEqualTo("down");

        flappy.answer(200, "fine");
        api.await(
                "/api/v1/monitors/flappy",
                WAIT,
                r -> "up".equals(r.json().path("status").asText()));
        JsonNode flips = api.awaitNewestFlip("flappy", "up", WAIT);
        assertThat(flips.get(0).path("to").asText()).isEqualTo("up");
        assertThat(Instant.parse(flips.get(0).path("at").asText()))
                .isAfter(Instant.parse(flips.get(1).path("at").asText()));
    }

    @Test
    void availabilityCountsGoodAndBadWithLatencyPercentiles() {
        api.await(
                "/api/v1/monitors/web/results",
                WAIT,
                r -> r.json().path("results").size() >= 2);
        ApiClient.Response r = api.get("/api/v1/monitors/web/availability?window=1h");
        assertThat(r.status()).isEqualTo(200);
        JsonNode a = r.json();
        assertThat(a.path("good").asLong()).isPositive();
        long good = a.path("good").asLong();
        long bad = a.path("bad").asLong();
        assertThat(a.path("slow").asLong()
                        + a.path("degraded").asLong()
                        + a.path("down").asLong())
                .isEqualTo(bad);
        assertThat(a.path("availability").asDouble()).isCloseTo((double) good / (good + bad), within(1e-9));
        assertThat(a.path("unknown_seconds").isNumber()).isTrue();
        assertThat(a.path("latency_ms").path("p50").isNumber()).isTrue();
        assertThat(a.path("latency_ms").path("p99").asDouble())
                .isGreaterThanOrEqualTo(a.path("latency_ms").path("p50").asDouble());
    }

    @Test
    void aMonitorIsCreatedUpdatedAndDeletedThroughTheApi() {
        String body = """
                {"id": "made-by-api", "name": "Made", "kind": "http", "url": "%s", "interval": "1s", "timeout": "1s"}
                """.formatted(web.url("/x"));
        ApiClient.Response created = api.post("/api/v1/monitors", body);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("source").path("type").asText()).isEqualTo("api");
        api.await(
                "/api/v1/monitors/made-by-api",
                WAIT,
                r -> "up".equals(r.json().path("status").asText()));

        ApiClient.Response again = api.post("/api/v1/monitors", body);
        assertThat(again.status()).isEqualTo(409);

        ApiClient.Response updated = api.put("/api/v1/monitors/made-by-api", body.replace("\"Made\"", "\"Renamed\""));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(api.get("/api/v1/monitors/made-by-api").json().path("name").asText())
                .isEqualTo("Renamed");

        assertThat(api.delete("/api/v1/monitors/made-by-api").status()).isEqualTo(204);
        assertThat(api.get("/api/v1/monitors/made-by-api").status()).isEqualTo(404);
    }

    @Test
    void aMonitorFromTheFileCannotBeChangedOrDeletedThroughTheApi() {
        String body = """
                {"id": "web", "kind": "http", "url": "http://127.0.0.1:1/"}
                """;
        ApiClient.Response put = api.put("/api/v1/monitors/web", body);
        assertThat(put.status()).isEqualTo(409);
        assertThat(put.contentType()).startsWith("application/problem+json");
        assertThat(put.json().path("detail").asText()).contains("file");
        assertThat(api.delete("/api/v1/monitors/web").status()).isEqualTo(409);
        assertThat(api.post("/api/v1/monitors", body).status()).isEqualTo(409);
        assertThat(api.get("/api/v1/monitors/web")
                        .json()
                        .path("config")
                        .path("url")
                        .asText())
                .isEqualTo(web.url("/health"));
    }

    @Test
    void anInvalidBodyIsA400ProblemNamingTheField() {
        ApiClient.Response r = api.post("/api/v1/monitors", """
                {"id": "bad", "kind": "http", "url": "ftp://example.org/", "intervall": "10s"}
                """);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        List<String> fields = new ArrayList<>();
        r.json().path("errors").forEach(e -> fields.add(e.path("field").asText()));
        assertThat(fields).anySatisfy(f -> assertThat(f).endsWith("url"));
        assertThat(fields).anySatisfy(f -> assertThat(f).endsWith("intervall"));
        assertThat(r.text()).contains("interval");

        ApiClient.Response notJson = api.post("/api/v1/monitors", "{\"id\": ");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.contentType()).startsWith("application/problem+json");
        assertThat(api.get("/api/v1/monitors/bad").status()).isEqualTo(404);
    }

    @Test
    void anApiCallerCannotMakeVitalsReadAFileAsASecret() throws Exception {
        Path secret = Files.writeString(dir.resolve("server-secret.txt"), "do-not-leak");
        ApiClient.Response r = api.post("/api/v1/monitors", """
                {"id": "sneaky", "kind": "redis", "host": "127.0.0.1", "password_file": "%s"}
                """.formatted(secret));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).contains("password_file").doesNotContain("do-not-leak");
        assertThat(api.get("/api/v1/monitors/sneaky").status()).isEqualTo(404);
    }

    @Test
    void passwordsInUrlsAndTokensInHeadersAreMaskedWhenAMonitorIsShown() {
        ApiClient.Response db = api.post("/api/v1/monitors", """
                {"id": "masked-db", "kind": "postgres", "paused": true,
                 "url": "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&password=topsecret"}
                """);
        assertThat(db.status()).as(db.text()).isEqualTo(201);
        ApiClient.Response web = api.post("/api/v1/monitors", """
                {"id": "masked-web", "kind": "http", "paused": true, "url": "http://127.0.0.1:9/",
                 "headers": {"Authorization": "Bearer tok123", "Accept": "text/plain"}}
                """);
        assertThat(web.status()).as(web.text()).isEqualTo(201);
        String shown = api.get("/api/v1/monitors").text();
        assertThat(shown).doesNotContain("topsecret").doesNotContain("tok123").contains("text/plain");
        assertThat(api.get("/api/v1/monitors/masked-db")
                        .json()
                        .path("config")
                        .path("url")
                        .asText())
                .endsWith("password=******");
        api.delete("/api/v1/monitors/masked-db");
        api.delete("/api/v1/monitors/masked-web");
    }

    @Test
    void badQueryParametersAre400sNamingTheParameter() {
        ApiClient.Response limit = api.get("/api/v1/monitors/web/results?limit=lots");
        assertThat(limit.status()).isEqualTo(400);
        assertThat(limit.json().path("field").asText()).isEqualTo("limit");
        ApiClient.Response window = api.get("/api/v1/monitors/web/availability?window=forever");
        assertThat(window.status()).isEqualTo(400);
        assertThat(window.json().path("field").asText()).isEqualTo("window");
        assertThat(api.get("/api/v1/monitors/web/availability?window=500ms").status())
                .isEqualTo(400);
        ApiClient.Response span = api.get("/api/v1/monitors/web/availability?from=2020-01-01T00:00:00Z");
        assertThat(span.status()).isEqualTo(400);
        assertThat(span.json().path("field").asText()).isEqualTo("from");
    }

    @Test
    void anUnknownIdIsA404() {
        for (String path : List.of(
                "/api/v1/monitors/nope", "/api/v1/monitors/nope/results", "/api/v1/monitors/nope/availability")) {
            ApiClient.Response r = api.get(path);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.contentType()).as(path).startsWith("application/problem+json");
        }
        assertThat(api.delete("/api/v1/monitors/nope").status()).isEqualTo(404);
    }

    @Test
    void aBodyOverOneMebibyteIsA413() {
        String big = "{\"id\": \"big\", \"description\": \"" + "x".repeat(1024 * 1024 + 10) + "\"}";
        ApiClient.Response r = api.post("/api/v1/monitors", big);
        assertThat(r.status()).isEqualTo(413);
        assertThat(api.get("/api/v1/monitors/big").status()).isEqualTo(404);
    }

    @Test
    void healthSaysTheStoreIsReachableWithLatenessAndQueueDepth() {
        JsonNode h = api.await("/health", WAIT, r -> r.status() == 200).json();
        assertThat(h.path("status").asText()).isEqualTo("ok");
        assertThat(h.path("store").path("reachable").asBoolean()).isTrue();
        assertThat(h.path("scheduler").path("queue_depth").isNumber()).isTrue();
        assertThat(h.path("scheduler").path("lateness").path("p99_ms_at_most").isNumber())
                .isTrue();
    }

    @Test
    void metricsAreInPrometheusTextFormat() {
        api.await(
                "/api/v1/monitors/web",
                WAIT,
                r -> "up".equals(r.json().path("status").asText()));
        ApiClient.Response r = api.get("/metrics");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/plain");
        assertThat(r.text())
                .contains("# TYPE vitals_monitor_state gauge")
                .containsPattern("vitals_monitor_state\\{[^}]*monitor=\"web\"[^}]*state=\"up\"[^}]*} 1")
                .contains("vitals_check_duration_seconds_bucket{")
                .contains("vitals_check_phase_seconds{")
                .contains("vitals_scheduler_lateness_seconds_count")
                .contains("vitals_scheduler_queue_depth")
                .contains("vitals_store_write_seconds_count");
    }

    @Test
    void theOpenApiDocumentIsServed() {
        ApiClient.Response r = api.get("/api/v1/openapi.json");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("openapi").asText()).startsWith("3.");
        assertThat(r.json().path("paths").has("/api/v1/monitors/{id}/availability"))
                .isTrue();
    }
}

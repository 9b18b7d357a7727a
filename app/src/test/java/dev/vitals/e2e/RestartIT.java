package dev.vitals.e2e;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping Vitals, cleanly or with kill -9: the store stays consistent and the gap is unknown, not up. */
@Tag("e2e")
class RestartIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Path config(StatusTarget t) throws Exception {
        Path config = dir.resolve("vitals.yaml");
        Files.writeString(config, """
                monitors:
                  - id: web
                    kind: http
                    url: %s
                    interval: 1s
                    timeout: 1s
                    confirm: { fail_after: 1, recover_after: 1 }
                """.formatted(t.url("/")));
        return config;
    }

    private static List<Instant> resultTimes(ApiClient api) {
        List<Instant> out = new ArrayList<>();
        api.get("/api/v1/monitors/web/results?limit=1000")
                .json()
                .path("results")
                .forEach(r -> out.add(Instant.parse(r.path("at").asText())));
        return out;
    }

    @Test
    void afterKillNineTheStoreIsConsistentAndTheGapShowsAsUnknown() throws Exception {
        try (StatusTarget t = StatusTarget.start()) {
            Path config = config(t);
            Path data = dir.resolve("data");
            Instant killedAt;
            List<Instant> before;
            try (VitalsProcess first = VitalsProcess.serve(config, data)) {
                ApiClient api = new ApiClient(first.baseUrl());
                api.await(
                        "/api/v1/monitors/web",
                        WAIT,
                        r -> "up".equals(r.json().path("status").asText()));
                api.await(
                        "/api/v1/monitors/web/results",
                        WAIT,
                        r -> r.json().path("results").size() >= 4);
                // Wait for a heartbeat after the results, so the last known-alive time is recent.
                Thread.sleep(1000);
                // An update whose body leaves the id to the path must survive the restart.
                String body = """
                        {"id": "from-api", "kind": "tcp", "host": "127.0.0.1", "port": %d, "paused": true}
                        """.formatted(t.port());
                assertThat(api.post("/api/v1/monitors", body).status()).isEqualTo(201);
                assertThat(api.put("/api/v1/monitors/from-api", body.replace("\"id\": \"from-api\", ", ""))
                                .status())
                        .isEqualTo(200);
                before = resultTimes(api);
                first.kill();
                killedAt = Instant.now();
            }
            Thread.sleep(2000);
            try (VitalsProcess second = VitalsProcess.serve(config, data)) {
                ApiClient api = new ApiClient(second.baseUrl());
                assertThat(second.output()).contains("recorded as unknown");
                assertThat(api.get("/api/v1/monitors/from-api").status()).isEqualTo(200);
                JsonNode flips = api.await(
                                "/api/v1/flips?monitor=web",
                                WAIT,
                                r -> r.json().path("flips").size() >= 3)
                        .json()
                        .path("flips");
                // Newest first: back up, then unknown for the time Vitals was not running.
                assertThat(flips.get(0).path("to").asText()).isEqualTo("up");
                assertThat(flips.get(1).path("to").asText())
                        .as(flips.toString())
                        .isEqualTo("unknown");
                assertThat(flips.get(1).path("reason").asText()).contains("not running");
                Instant unknownFrom = Instant.parse(flips.get(1).path("at").asText());
                assertThat(unknownFrom).isBefore(killedAt);
                assertThat(Instant.parse(flips.get(0).path("at").asText())).isAfter(killedAt);

                JsonNode a =
                        api.get("/api/v1/monitors/web/availability?window=1h").json();
                assertThat(a.path("unknown_seconds").asDouble()).isGreaterThanOrEqualTo(2.0);
                // Every result that was readable before the kill is still there.
                assertThat(resultTimes(api)).containsAll(before);
            }
        }
    }

    @Test
    void aCleanStopEndsInOrderAndTheStoppedTimeIsUnknownToo() throws Exception {
        try (StatusTarget t = StatusTarget.start()) {
            Path config = config(t);
            Path data = dir.resolve("data");
            try (VitalsProcess first = VitalsProcess.serve(config, data)) {
                new ApiClient(first.baseUrl())
                        .await(
                                "/api/v1/monitors/web",
                                WAIT,
                                r -> "up".equals(r.json().path("status").asText()));
                // 143 is how the JVM reports an orderly exit on SIGTERM (128 + 15).
                assertThat(first.stop()).isIn(0, 143);
            }
            try (VitalsProcess second = VitalsProcess.serve(config, data)) {
                ApiClient api = new ApiClient(second.baseUrl());
                JsonNode flips = api.await(
                                "/api/v1/flips?monitor=web",
                                WAIT,
                                r -> r.json().path("flips").size() >= 3)
                        .json()
                        .path("flips");
                assertThat(flips.get(1).path("to").asText())
                        .as(flips.toString())
                        .isEqualTo("unknown");
                assertThat(second.output()).contains("(stopped)");
                assertThat(api.get("/api/v1/monitors/web/availability?window=1h")
                                .json()
                                .path("unknown_seconds")
                                .asDouble())
                        .isPositive();
            }
        }
    }
}

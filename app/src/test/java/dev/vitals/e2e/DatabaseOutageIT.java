package dev.vitals.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.testkit.ApiClient;
import dev.vitals.testkit.StatusTarget;
import dev.vitals.testkit.VitalsProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL store goes away while Vitals runs (a server this test started and stops): checks go
 * on, results wait in memory, /health says so, and when the database is back every result is written.
 */
@Tag("e2e")
class DatabaseOutageIT {
    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    Path dir;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private EmbeddedPostgres startPostgres(Path data, int port) throws Exception {
        return EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }

    @Test
    void resultsWaitOutADatabaseOutageAndAreAllWrittenWhenItReturns() throws Exception {
        Path pgData = dir.resolve("pg");
        int pgPort = freePort();
        EmbeddedPostgres pg = startPostgres(pgData, pgPort);
        try (StatusTarget t = StatusTarget.start()) {
            Path config = dir.resolve("vitals.yaml");
            Files.writeString(config, """
                    monitors:
                      - id: web
                        kind: http
                        url: %s
                        interval: 1s
                        timeout: 1s
                    """.formatted(t.url("/")));
            String db = "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres?user=postgres";
            try (VitalsProcess vitals = VitalsProcess.serve(config, dir.resolve("data"), "--db", db)) {
                ApiClient api = new ApiClient(vitals.baseUrl());
                api.await(
                        "/api/v1/monitors/web/results",
                        WAIT,
                        r -> r.json().path("results").size() >= 2);

                pg.close();
                Instant outageFrom = Instant.now();
                JsonNode health = api.await(
                                "/health",
                                WAIT,
                                // The background ping notices within its own timeouts (a few seconds).
                                r -> !r.json().path("store").path("writing").asBoolean(true)
                                        && !r.json()
                                                .path("store")
                                                .path("reachable")
                                                .asBoolean(true)
                                        && r.json()
                                                        .path("store")
                                                        .path("buffered")
                                                        .asLong()
                                                >= 3)
                        .json();
                assertThat(health.path("status").asText()).isEqualTo("degraded");
                assertThat(health.path("store").path("reachable").asBoolean()).isFalse();
                assertThat(health.path("store").path("last_error").asText()).isNotBlank();
                // Checks go on while the database is away.
                int requests = t.requests();
                Thread.sleep(3000);
                assertThat(t.requests()).isGreaterThan(requests + 1);
                Instant outageTo = Instant.now();

                pg = startPostgres(pgData, pgPort);
                api.await(
                        "/health",
                        WAIT,
                        r -> r.json().path("store").path("writing").asBoolean()
                                && r.json().path("store").path("buffered").asLong() == 0);
                List<Instant> during = new ArrayList<>();
                api.get("/api/v1/monitors/web/results?limit=1000&from=" + outageFrom + "&to=" + outageTo)
                        .json()
                        .path("results")
                        .forEach(r -> during.add(Instant.parse(r.path("at").asText())));
                long seconds = Duration.between(outageFrom, outageTo).toSeconds();
                // One result a second while the database was away, give or take the edges.
                assertThat(during.size()).isGreaterThanOrEqualTo((int) seconds - 2);
                assertThat(api.get("/health")
                                .json()
                                .path("store")
                                .path("dropped")
                                .asLong())
                        .isZero();
            }
        } finally {
            pg.close();
        }
    }
}

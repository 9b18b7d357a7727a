package dev.vitals.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitals.testkit.ApiClient;
import dev.vitals.testkit.HttpTargets;
import dev.vitals.testkit.HttpTargets.Route;
import dev.vitals.testkit.VitalsProcess;
import dev.vitals.testkit.VitalsProcess.Run;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Push monitors through the real jar: jobs ping {@code /ping/{key}} over loopback and the monitor's
 * state follows; {@code vitals run} reports a real command to it; a ping answered 200 survives {@code
 * kill -9}; a flood against one key is limited without touching another key; and silence past the
 * due time and grace makes the monitor late, then down, with one notification.
 */
@Tag("e2e")
class PushIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String BACKUP = "4f8a2c1e-7d3b-4e9a-b6c5-0a1b2c3d4e5f";
    private static final String REPORT = "0b7e3a55-91c4-4d2f-8e6a-3f1c2b4d5e6f";
    private static final String NOBODYS = "11111111-2222-4333-8444-555555555555";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    /** Two push monitors that nothing makes late during a test: due hourly, an hour of grace. */
    private Path config() throws IOException {
        Path config = dir.resolve("vitals.yaml");
        Files.writeString(config, """
                monitors:
                  - id: nightly-backup
                    kind: push
                    key: %s
                    period: 1h
                    grace: 1h
                  - id: monthly-report
                    kind: push
                    key: %s
                    schedule: "0 6 1 * *"
                    tz: Europe/Berlin
                    grace: 1h
                """.formatted(BACKUP, REPORT));
        return config;
    }

    /** An answer to a ping: status, body, and the Retry-After header if any. */
    private record Answer(int status, String body, String retryAfter) {}

    private Answer ping(VitalsProcess vitals, String method, String path) {
        return ping(vitals, method, path, "");
    }

    private Answer ping(VitalsProcess vitals, String method, String path, String body) {
        HttpRequest.BodyPublisher publisher =
                body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        HttpRequest request = HttpRequest.newBuilder(URI.create(vitals.baseUrl() + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, publisher)
                .build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(
                    r.statusCode(),
                    r.body(),
                    r.headers().firstValue("Retry-After").orElse(""));
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void pingOk(VitalsProcess vitals, String method, String path) {
        pingOk(vitals, method, path, "");
    }

    private void pingOk(VitalsProcess vitals, String method, String path, String body) {
        Answer a = ping(vitals, method, path, body);
        assertThat(a.status()).as(method + " " + path + ": " + a).isEqualTo(200);
        // HEAD has no body to say so.
        assertThat(a.body()).isEqualTo(method.equals("HEAD") ? "" : "OK");
    }

    private static JsonNode monitor(ApiClient api, String id) {
        ApiClient.Response r = api.get("/api/v1/monitors/" + id);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json();
    }

    private static JsonNode awaitMonitor(ApiClient api, String id, Predicate<JsonNode> until) {
        return api.await("/api/v1/monitors/" + id, WAIT, r -> r.status() == 200 && until.test(r.json()))
                .json();
    }

    private static Predicate<JsonNode> status(String word) {
        return m -> m.path("status").asText().equals(word);
    }

    private static Predicate<JsonNode> status(String word, String reasonPart) {
        return m -> m.path("status").asText().equals(word)
                && m.path("status_reason").asText().contains(reasonPart);
    }

    @Test
    void pingsMoveAPushMonitorFromPendingToUpAndDownAndBack() throws Exception {
        try (VitalsProcess vitals = VitalsProcess.serve(config(), dir.resolve("data"))) {
            ApiClient api = new ApiClient(vitals.baseUrl());
            assertThat(monitor(api, "nightly-backup").path("status").asText()).isEqualTo("pending");

            // A run with its start and end paired by rid: its duration is the result's latency.
            String rid = "9c1d7f3e-2a4b-4c6d-8e0f-1a2b3c4d5e6f";
            pingOk(vitals, "GET", "/ping/" + BACKUP + "/start?rid=" + rid);
            assertThat(monitor(api, "nightly-backup").path("status").asText())
                    .as("a start alone decides nothing")
                    .isEqualTo("pending");
            Thread.sleep(1200);
            pingOk(vitals, "GET", "/ping/" + BACKUP + "/0?rid=" + rid);
            JsonNode up = awaitMonitor(api, "nightly-backup", status("up"));
            JsonNode last = up.path("last_result");
            assertThat(last.path("outcome").asText()).isEqualTo("up");
            assertThat(last.path("latency_ms").asDouble()).isBetween(1200.0, 10_000.0);
            assertThat(last.path("reason").asText()).startsWith("ran ");

            // A failing exit status, posted with the run's log as a cron wrapper does.
            pingOk(vitals, "POST", "/ping/" + BACKUP + "/3", "rsync: connection refused\n");
            JsonNode down = awaitMonitor(api, "nightly-backup", status("down"));
            assertThat(down.path("status_reason").asText()).contains("exit status 3");
            assertThat(down.path("last_result").path("reason").asText()).contains("exit status 3");

            pingOk(vitals, "HEAD", "/ping/" + BACKUP);
            awaitMonitor(api, "nightly-backup", status("up"));

            pingOk(vitals, "GET", "/ping/" + BACKUP + "/fail");
            assertThat(awaitMonitor(api, "nightly-backup", status("down"))
                            .path("status_reason")
                            .asText())
                    .contains("failure");

            pingOk(vitals, "POST", "/ping/" + BACKUP, "backup done: 12 GB\n");
            JsonNode again = awaitMonitor(api, "nightly-backup", status("up"));

            // A log line is kept but judges nothing: the state, its time and the last result stay.
            pingOk(vitals, "POST", "/ping/" + BACKUP + "/log", "still copying");
            pingOk(vitals, "GET", "/ping/" + BACKUP + "/log");
            Thread.sleep(500);
            JsonNode after = monitor(api, "nightly-backup");
            assertThat(after.path("status").asText()).isEqualTo("up");
            assertThat(after.path("status_since")).isEqualTo(again.path("status_since"));
            assertThat(after.path("last_result")).isEqualTo(again.path("last_result"));

            // The other monitor, on a cron schedule, was never pinged.
            assertThat(monitor(api, "monthly-report").path("status").asText()).isEqualTo("pending");
        }
    }

    @Test
    void badPingsAreRefusedAndChangeNothing() throws Exception {
        try (VitalsProcess vitals = VitalsProcess.serve(config(), dir.resolve("data"))) {
            for (String method : List.of("GET", "POST", "HEAD")) {
                assertThat(ping(vitals, method, "/ping/" + NOBODYS).status())
                        .as(method + " with a well-formed key no monitor has")
                        .isEqualTo(404);
                assertThat(ping(vitals, method, "/ping/not-a-uuid").status())
                        .as(method + " with a malformed key")
                        .isEqualTo(404);
                assertThat(ping(vitals, method, "/ping/" + NOBODYS + "/start").status())
                        .isEqualTo(404);
                assertThat(ping(vitals, method, "/ping/" + BACKUP + "/-1").status())
                        .isEqualTo(404);
            }

            Answer tooHigh = ping(vitals, "GET", "/ping/" + BACKUP + "/256");
            assertThat(tooHigh.status()).isEqualTo(400);
            assertThat(tooHigh.body()).isEqualTo("exit status must be 0 to 255, not 256");
            Answer badRid = ping(vitals, "GET", "/ping/" + BACKUP + "?rid=run-1");
            assertThat(badRid.status()).isEqualTo(400);
            assertThat(badRid.body()).contains("rid must be a UUID");
            assertThat(ping(vitals, "POST", "/ping/" + BACKUP + "/0?rid=12345").status())
                    .isEqualTo(400);
            // 255 is the highest exit status there is, and a key is matched in any case.
            pingOk(vitals, "GET", "/ping/" + BACKUP.toUpperCase(Locale.ROOT) + "/255");

            ApiClient api = new ApiClient(vitals.baseUrl());
            JsonNode down = awaitMonitor(api, "nightly-backup", status("down"));
            assertThat(down.path("status_reason").asText()).contains("exit status 255");
            // Only the one good ping made a result: none of the refused ones did. Results are stored
            // a moment after the state changes, so wait for the row before counting.
            JsonNode results = api.await(
                            "/api/v1/monitors/nightly-backup/results",
                            WAIT,
                            r -> r.json().path("results").size() >= 1)
                    .json()
                    .path("results");
            assertThat(results).hasSize(1);
        }
    }

    @Test
    void unknownAndMalformedKeysAreAnsweredNotFoundInPlainText() throws Exception {
        try (VitalsProcess vitals = VitalsProcess.serve(config(), dir.resolve("data"))) {
            for (String method : List.of("GET", "POST")) {
                for (String path : List.of("/ping/" + NOBODYS, "/ping/not-a-uuid", "/ping/" + NOBODYS + "/fail")) {
                    assertThat(ping(vitals, method, path))
                            .as(method + " " + path)
                            .isEqualTo(new Answer(404, "not found", ""));
                }
            }
        }
    }

    @Test
    void aFloodAgainstOneKeyIsLimitedWhileAnotherKeysPingsStillGetThrough() throws Exception {
        try (VitalsProcess vitals = VitalsProcess.serve(config(), dir.resolve("data"));
                ExecutorService flooders = Executors.newFixedThreadPool(4)) {
            AtomicBoolean flooding = new AtomicBoolean(true);
            ConcurrentLinkedQueue<Integer> flood = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> retryAfter = new ConcurrentLinkedQueue<>();
            Instant started = Instant.now();
            for (int i = 0; i < 4; i++) {
                flooders.submit(() -> {
                    while (flooding.get()) {
                        Answer a = ping(vitals, "GET", "/ping/" + BACKUP + "/log");
                        flood.add(a.status());
                        if (a.status() == 429) {
                            retryAfter.add(a.retryAfter());
                        }
                    }
                    return null;
                });
            }
            long end = System.nanoTime() + WAIT.toNanos();
            while (!flood.contains(429) && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            assertThat(flood).as("the flood is limited").contains(429);

            // While the flood goes on and is refused, the other key's job reports in as usual.
            List<Answer> other = new ArrayList<>();
            int refusedBefore = count(flood, 429);
            for (int i = 0; i < 5; i++) {
                other.add(ping(vitals, "GET", "/ping/" + REPORT + (i == 4 ? "" : "/log")));
                Thread.sleep(100);
            }
            int refusedDuring = count(flood, 429) - refusedBefore;
            flooding.set(false);
            flooders.shutdown();
            assertThat(flooders.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS))
                    .isTrue();
            double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;

            assertThat(other).extracting(Answer::status).containsOnly(200);
            assertThat(refusedDuring)
                    .as("429s to the flood while the other key got 200")
                    .isPositive();
            assertThat(retryAfter).isNotEmpty().containsOnly("1");
            assertThat(Set.copyOf(flood)).containsOnly(200, 429);
            // A burst of 30, then 2 a second: no more, and not much less, got through.
            assertThat(count(flood, 200))
                    .as("pings let through in %.1fs of %d", seconds, flood.size())
                    .isBetween(30, 30 + (int) Math.ceil(seconds * 2) + 1);
            new ApiClient(vitals.baseUrl())
                    .await(
                            "/api/v1/monitors/monthly-report",
                            WAIT,
                            r -> "up".equals(r.json().path("status").asText()));
        }
    }

    private static int count(ConcurrentLinkedQueue<Integer> statuses, int status) {
        return (int) statuses.stream().filter(s -> s == status).count();
    }

    @Test
    void vitalsRunReportsARealCommandsExitStatusToTheRealEndpoint() throws Exception {
        try (VitalsProcess vitals = VitalsProcess.serve(config(), dir.resolve("data"))) {
            ApiClient api = new ApiClient(vitals.baseUrl());
            String url = vitals.baseUrl() + "/ping/" + BACKUP;

            Run failed = VitalsProcess.run("run", "--ping", url, "--", "sh", "-c", "echo hi; sleep 1; exit 3");
            assertThat(failed.exitCode()).as(failed.stderr()).isEqualTo(3);
            assertThat(failed.stdout()).isEqualTo("hi\n");
            JsonNode down = awaitMonitor(api, "nightly-backup", status("down"));
            assertThat(down.path("status_reason").asText()).contains("exit status 3");
            // The start and the end were paired by the run's id: the run's duration is measured.
            assertThat(down.path("last_result").path("latency_ms").asDouble()).isBetween(1000.0, 30_000.0);

            Run fine = VitalsProcess.run("run", "--ping", url, "--", "sh", "-c", "echo hi; exit 0");
            assertThat(fine.exitCode()).as(fine.stderr()).isEqualTo(0);
            assertThat(fine.stderr()).isEmpty();
            JsonNode up = awaitMonitor(api, "nightly-backup", status("up"));
            assertThat(up.path("last_result").path("reason").asText()).startsWith("ran ");
        }
    }

    /**
     * Brings the backup monitor down, lets that be stored, then answers a success ping and is killed
     * with {@code kill -9} at once. Returns when the ping was sent.
     */
    private Instant downThenSuccessThenKillNine(Path config, Path data) throws Exception {
        try (VitalsProcess first = VitalsProcess.serve(config, data)) {
            ApiClient api = new ApiClient(first.baseUrl());
            pingOk(first, "GET", "/ping/" + BACKUP + "/1");
            awaitMonitor(api, "nightly-backup", status("down"));
            // Let the down result and its state reach the store, so only the next ping is in question.
            api.await(
                    "/api/v1/monitors/nightly-backup/results",
                    WAIT,
                    r -> r.json().path("results").size() == 1);
            Thread.sleep(1000);

            Instant pinged = Instant.now();
            pingOk(first, "GET", "/ping/" + BACKUP);
            first.kill();
            return pinged;
        }
    }

    @Test
    void aSuccessPingAnsweredJustBeforeKillNineIsKeptAndJudgedOnce() throws Exception {
        Path config = config();
        Path data = dir.resolve("data");
        Instant pinged = downThenSuccessThenKillNine(config, data);
        try (VitalsProcess second = VitalsProcess.serve(config, data)) {
            ApiClient api = new ApiClient(second.baseUrl());
            // Up again at once: the time Vitals was away made the monitor unknown, so its last run is
            // judged again as of the restart, saying when that run ended.
            JsonNode last = awaitMonitor(api, "nightly-backup", status("up")).path("last_result");
            assertThat(last.path("outcome").asText()).isEqualTo("up");
            assertThat(last.path("reason").asText()).contains("last run ended");
            // The ping was stored once: one failed run, then one successful run, nothing more.
            JsonNode runs =
                    api.get("/api/v1/monitors/nightly-backup/runs").json().path("runs");
            assertThat(runs).extracting(r -> r.path("outcome").asText()).containsExactly("success", "failure");
            assertThat(Instant.parse(runs.get(0).path("ended_at").asText()))
                    .isBetween(pinged.minusSeconds(1), pinged.plusSeconds(1));
            // The ping's run ended: the next one is due by the schedule, not at once.
            Thread.sleep(1500);
            assertThat(monitor(api, "nightly-backup").path("status").asText()).isNotIn("degraded", "down");
        }
    }

    @Test
    void aPushMonitorUpAtKillNineIsUpAgainAfterTheRestart() throws Exception {
        Path config = config();
        Path data = dir.resolve("data");
        downThenSuccessThenKillNine(config, data);
        try (VitalsProcess second = VitalsProcess.serve(config, data)) {
            awaitMonitor(new ApiClient(second.baseUrl()), "nightly-backup", status("up"));
        }
    }

    @Test
    void aJobThatStopsPingingIsLateThenDownAndNotifiedOnce() throws Exception {
        try (HttpTargets hook = HttpTargets.http().on("/hook", Route.ok("thanks"))) {
            Path config = dir.resolve("vitals.yaml");
            Files.writeString(config, """
                    monitors:
                      - id: heartbeat-job
                        kind: push
                        key: %s
                        period: 1m
                        grace: 2s
                        labels: { service: jobs }
                    receivers:
                      - name: ops
                        webhook: { url: "%s" }
                    route:
                      receiver: ops
                      group_by: [service]
                      group_wait: 0s
                      group_interval: 1s
                      repeat_interval: 4h
                    """.formatted(BACKUP, hook.url("/hook")));
            try (VitalsProcess vitals = VitalsProcess.serve(config, dir.resolve("data"))) {
                ApiClient api = new ApiClient(vitals.baseUrl());
                pingOk(vitals, "GET", "/ping/" + BACKUP);
                JsonNode up = awaitMonitor(api, "heartbeat-job", status("up"));
                Instant pinged = Instant.parse(up.path("last_result").path("at").asText());
                // Flips are kept to the millisecond.
                Instant due = pinged.truncatedTo(ChronoUnit.MILLIS).plus(Duration.ofMinutes(1));

                Thread.sleep(
                        Duration.between(Instant.now(), due.minusSeconds(5)).toMillis());
                assertThat(monitor(api, "heartbeat-job").path("status").asText())
                        .isEqualTo("up");
                assertThat(hooks(hook)).isEmpty();

                awaitMonitor(api, "heartbeat-job", status("down"));
                JsonNode flips = api.awaitNewestFlip("heartbeat-job", "down", WAIT);
                // Newest first: down, late (degraded), up.
                assertThat(flips).extracting(f -> f.path("to").asText()).startsWith("down", "degraded", "up");
                Instant late = Instant.parse(flips.get(1).path("at").asText());
                Instant down = Instant.parse(flips.get(0).path("at").asText());
                assertThat(flips.get(1).path("reason").asText()).contains("late");
                assertThat(late).isBetween(due, due.plusSeconds(2));
                assertThat(down).isBetween(due.plusSeconds(2), due.plusSeconds(4));

                long end = System.nanoTime() + WAIT.toNanos();
                while (hooks(hook).isEmpty() && System.nanoTime() < end) {
                    Thread.sleep(100);
                }
                Thread.sleep(2000);
                List<JsonNode> sent = hooks(hook);
                assertThat(sent).as("one notification, for down only").hasSize(1);
                assertThat(sent.get(0).path("status").asText().toLowerCase(Locale.ROOT))
                        .isEqualTo("firing");
                assertThat(sent.get(0).toString()).contains("heartbeat-job");
            }
        }
    }

    /** The webhook requests received so far, as JSON. */
    private static List<JsonNode> hooks(HttpTargets hook) {
        return hook.received().stream()
                .filter(r -> r.path().equals("/hook"))
                .map(r -> {
                    try {
                        return JSON.readTree(r.body());
                    } catch (IOException e) {
                        throw new AssertionError("the webhook body is not JSON: " + r.body(), e);
                    }
                })
                .toList();
    }
}

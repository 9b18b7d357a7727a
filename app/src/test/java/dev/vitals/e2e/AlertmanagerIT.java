package dev.vitals.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.alerting.Integration;
import dev.vitals.alerting.inbound.ExternalAlert;
import dev.vitals.api.ApiHarness;
import dev.vitals.config.Secret;
import dev.vitals.testkit.RecordingIntake.Call;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Alertmanager (Debian's prometheus-alertmanager, which scripts/test-packages installs) whose
 * webhook receiver points at Vitals with the integration's token in {@code http_config.authorization}:
 * an alert posted into Alertmanager reaches Vitals' intake, firing and then resolved. Never skipped:
 * without the program the test fails and says how to get it.
 */
@Tag("e2e")
class AlertmanagerIT {
    private static final String TOKEN = "am-e2e-token-0123456789";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    ApiHarness vitals;
    Process alertmanager;
    Path log;
    int port;
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The program: {@code -Dvitals.alertmanager=PATH}, else Debian's, else {@code alertmanager} on the PATH. */
    static Path program() {
        String given = System.getProperty("vitals.alertmanager", "");
        if (!given.isBlank()) {
            if (!Files.isExecutable(Path.of(given))) {
                throw new AssertionError("-Dvitals.alertmanager=" + given + " is not an executable program");
            }
            return Path.of(given);
        }
        for (String candidate : List.of("/usr/bin/prometheus-alertmanager", "/usr/local/bin/alertmanager")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        for (String folder : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(folder.isEmpty() ? "." : folder, "alertmanager");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new AssertionError("Alertmanager is not installed: this test needs Debian's prometheus-alertmanager"
                + " (/usr/bin/prometheus-alertmanager). Run scripts/test-packages (run-tests does), or"
                + " apt-get install prometheus-alertmanager, or give -Dvitals.alertmanager=/path/to/alertmanager.");
    }

    @BeforeEach
    void start() throws Exception {
        Path binary = program();
        vitals = new ApiHarness(Files.createDirectories(dir.resolve("vitals")));
        vitals.integrations.add(new Integration("prometheus", Integration.Kind.ALERTMANAGER, new Secret(TOKEN)));
        port = freePort();
        Path config = dir.resolve("alertmanager.yml");
        // group_wait 0s and a short group_interval: the firing alert is sent at once, its resolution soon.
        Files.writeString(config, """
                route:
                  receiver: vitals
                  group_by: [alertname]
                  group_wait: 0s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: vitals
                    webhook_configs:
                      - url: http://127.0.0.1:%d/api/v1/integrations/alertmanager
                        send_resolved: true
                        http_config:
                          authorization:
                            type: Bearer
                            credentials: %s
                """.formatted(vitals.server.port(), TOKEN));
        log = dir.resolve("alertmanager.log");
        alertmanager = new ProcessBuilder(
                        binary.toString(),
                        "--config.file=" + config,
                        "--storage.path=" + Files.createDirectories(dir.resolve("data")),
                        "--web.listen-address=127.0.0.1:" + port,
                        // No cluster: a lone Alertmanager that neither listens for nor looks for peers.
                        "--cluster.listen-address=",
                        "--log.level=debug")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        awaitReady();
    }

    @AfterEach
    void stop() throws Exception {
        if (alertmanager != null) {
            alertmanager.destroy();
            if (!alertmanager.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                alertmanager.destroyForcibly();
            }
        }
        if (vitals != null) {
            vitals.close();
        }
    }

    @Test
    void anAlertPostedIntoARealAlertmanagerReachesVitalsFiringAndThenResolved() throws Exception {
        postToAlertmanager("""
                [{"labels": {"alertname": "DiskFull", "service": "erp", "severity": "page"},
                  "annotations": {"summary": "disk 95% full on db1"},
                  "generatorURL": "http://prometheus.example/graph"}]
                """);

        Call first = vitals.intake
                .awaitFirst(PATIENCE)
                .orElseThrow(() -> new AssertionError(
                        "Vitals received nothing from Alertmanager in " + PATIENCE + "; its log:\n" + tail()));
        Call.Received fired = (Call.Received) first;
        assertThat(fired.source()).isEqualTo("prometheus");
        assertThat(fired.alerts()).singleElement().satisfies(a -> {
            assertThat(a.labels())
                    .containsEntry("alertname", "DiskFull")
                    .containsEntry("service", "erp")
                    .containsEntry("severity", "page");
            assertThat(a.annotations()).containsEntry("summary", "disk 95% full on db1");
            assertThat(a.status()).isEqualTo(ExternalAlert.Status.FIRING);
            assertThat(a.link()).hasValue("http://prometheus.example/graph");
        });

        // Alertmanager keeps its own time: an end in its past resolves the alert there.
        String ended = Instant.now().minusSeconds(1).toString();
        postToAlertmanager("""
                [{"labels": {"alertname": "DiskFull", "service": "erp", "severity": "page"},
                  "annotations": {"summary": "disk 95%% full on db1"}, "endsAt": "%s"}]
                """.formatted(ended));

        assertThat(awaitResolved())
                .as("a resolved message from Alertmanager; its log:\n%s", tail())
                .hasValueSatisfying(a -> assertThat(a.labels()).containsEntry("alertname", "DiskFull"));
    }

    private Optional<ExternalAlert> awaitResolved() throws InterruptedException {
        Instant until = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(until)) {
            for (Call c : vitals.intake.calls()) {
                if (c instanceof Call.Received r) {
                    Optional<ExternalAlert> resolved = r.alerts().stream()
                            .filter(a -> a.status() == ExternalAlert.Status.RESOLVED)
                            .findFirst();
                    if (resolved.isPresent()) {
                        return resolved;
                    }
                }
            }
            Thread.sleep(100);
        }
        return Optional.empty();
    }

    private void postToAlertmanager(String alerts) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v2/alerts"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(alerts))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode())
                .as("Alertmanager took the alert: %s", r.body())
                .isEqualTo(200);
    }

    /** Waits for Alertmanager's readiness endpoint; a program that exits or never gets ready fails the test. */
    private void awaitReady() throws Exception {
        Instant until = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(until)) {
            if (!alertmanager.isAlive()) {
                throw new AssertionError(
                        "Alertmanager exited with " + alertmanager.exitValue() + " at start; its log:\n" + tail());
            }
            try {
                HttpResponse<Void> r = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Alertmanager was not ready within " + PATIENCE + "; its log:\n" + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

package dev.vitals.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.testkit.ApiClient;
import dev.vitals.testkit.StatusTarget;
import dev.vitals.testkit.VitalsProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reloading the configuration file of a running Vitals: on change and on SIGHUP, all or nothing. */
@Tag("e2e")
class ReloadIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private static String monitors(StatusTarget t, String... ids) {
        StringBuilder b = new StringBuilder("monitors:\n");
        for (String id : ids) {
            b.append("  - id: ")
                    .append(id)
                    .append("\n    kind: http\n    url: ")
                    .append(t.url("/" + id))
                    .append("\n    interval: 1s\n    timeout: 1s\n");
        }
        return b.toString();
    }

    /** Writes like an editor does: a new file renamed over the old one. */
    private static void save(Path file, String text) throws Exception {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void aChangedFileIsAppliedAndABadOneIsRefusedWholeWhileTheRunningConfigStays() throws Exception {
        try (StatusTarget t = StatusTarget.start()) {
            Path config = dir.resolve("vitals.yaml");
            Files.writeString(config, monitors(t, "a"));
            try (VitalsProcess vitals = VitalsProcess.serve(config, dir.resolve("data"))) {
                ApiClient api = new ApiClient(vitals.baseUrl());
                api.await(
                        "/api/v1/monitors/a",
                        WAIT,
                        r -> "up".equals(r.json().path("status").asText()));

                save(config, monitors(t, "a", "b"));
                api.await("/api/v1/monitors/b", WAIT, r -> r.status() == 200);

                // Half good, half bad: none of it may be applied.
                save(config, monitors(t, "a", "b", "c") + "  - id: d\n    kind: http\n    urll: x\n");
                JsonNode health = api.await(
                                "/health",
                                WAIT,
                                r -> !r.json()
                                        .path("config")
                                        .path("last_reload_error")
                                        .isNull())
                        .json();
                assertThat(health.path("config").path("last_reload_error").asText())
                        .contains("urll");
                assertThat(health.path("status").asText()).isEqualTo("degraded");
                assertThat(api.get("/api/v1/monitors/c").status()).isEqualTo(404);
                assertThat(api.get("/api/v1/monitors/b").status()).isEqualTo(200);
                assertThat(vitals.output()).contains("urll");

                save(config, monitors(t, "a"));
                api.await("/api/v1/monitors/b", WAIT, r -> r.status() == 404);
                api.await(
                        "/health",
                        WAIT,
                        r -> r.json().path("config").path("last_reload_error").isNull());
            }
        }
    }

    @Test
    void aFileBehindASymbolicLinkIsReloadedWhenItsTargetChanges() throws Exception {
        try (StatusTarget t = StatusTarget.start()) {
            // The file lives elsewhere behind a link, as with a Kubernetes ConfigMap: the watched
            // folder sees no event for it, so only looking at the file itself can notice the change.
            Path real = Files.createDirectories(dir.resolve("elsewhere")).resolve("real.yaml");
            Files.writeString(real, monitors(t, "a"));
            Path config = Files.createDirectories(dir.resolve("etc")).resolve("vitals.yaml");
            Files.createSymbolicLink(config, real);
            try (VitalsProcess vitals = VitalsProcess.serve(config, dir.resolve("data"))) {
                ApiClient api = new ApiClient(vitals.baseUrl());
                api.await("/api/v1/monitors/a", WAIT, r -> r.status() == 200);
                Files.writeString(real, monitors(t, "a", "linked"));
                api.await("/api/v1/monitors/linked", WAIT, r -> r.status() == 200);
            }
        }
    }

    @Test
    void sighupReloadsTheFile() throws Exception {
        try (StatusTarget t = StatusTarget.start()) {
            Path config = dir.resolve("vitals.yaml");
            Files.writeString(config, monitors(t, "a"));
            try (VitalsProcess vitals = VitalsProcess.serve(config, dir.resolve("data"))) {
                ApiClient api = new ApiClient(vitals.baseUrl());
                api.await("/api/v1/monitors/a", WAIT, r -> r.status() == 200);
                vitals.signal("HUP");
                long end = System.nanoTime() + WAIT.toNanos();
                // "reloading (SIGHUP)" is logged first, "configuration reloaded" once it is done.
                while (!(vitals.output().contains("(SIGHUP)") && vitals.output().contains("configuration reloaded"))
                        && System.nanoTime() < end) {
                    Thread.sleep(100);
                }
                assertThat(vitals.output()).contains("(SIGHUP)").contains("configuration reloaded");
                assertThat(api.get("/api/v1/monitors/a").status()).isEqualTo(200);
            }
        }
    }

    /** Under nohup SIGHUP cannot be handled: Vitals says so at start, and saved changes still apply. */
    @Test
    void underNohupVitalsWarnsThatSighupWillNotReload() throws Exception {
        try (StatusTarget t = StatusTarget.start()) {
            Path config = dir.resolve("vitals.yaml");
            Files.writeString(config, monitors(t, "a"));
            try (VitalsProcess vitals = VitalsProcess.serveUnderNohup(config, dir.resolve("data"))) {
                ApiClient api = new ApiClient(vitals.baseUrl());
                api.await("/api/v1/monitors/a", WAIT, r -> r.status() == 200);
                assertThat(vitals.output())
                        .contains("WARN")
                        .contains("SIGHUP will not reload the configuration")
                        .contains("nohup");
                save(config, monitors(t, "a", "b"));
                api.await("/api/v1/monitors/b", WAIT, r -> r.status() == 200);
            }
        }
    }
}

package dev.vitals.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitals.testkit.StatusTarget;
import dev.vitals.testkit.VitalsProcess;
import dev.vitals.testkit.VitalsProcess.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands of the real jar: validate, check, and serve refusing a bad start. */
@Tag("e2e")
class CliIT {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void validateAcceptsAGoodFileWithExitZero() throws Exception {
        Path file = write("ok.yaml", """
                monitors:
                  - id: web
                    kind: http
                    url: http://127.0.0.1:9/
                """);
        Run r = VitalsProcess.run("validate", file.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
    }

    @Test
    void validateListsEveryErrorWithFileLineColumnAndTheNearestKey() throws Exception {
        Path file = write("bad.yaml", """
                monitors:
                  - id: web
                    kind: http
                    url: http://127.0.0.1:9/
                    intervall: 30s
                  - id: db
                    kind: postgres
                    url: jdbc:postgresql://127.0.0.1/x
                    timeout: soon
                """);
        Run r = VitalsProcess.run("validate", file.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr() + r.stdout())
                .contains(file + ":5:5: ")
                .contains("\"interval\"")
                .contains(file + ":9:")
                .contains("\"soon\"")
                .doesNotContain("Exception");
    }

    @Test
    void checkPrintsTheResultWithPhaseTimingsAndExitsZeroWhenUp() throws Exception {
        try (StatusTarget target = StatusTarget.start()) {
            Path file = write("one.yaml", """
                    monitors:
                      - id: web
                        kind: http
                        url: %s
                        expect: { body_contains: ok }
                    """.formatted(target.url("/health")));
            Run human = VitalsProcess.run("check", file.toString(), "web");
            assertThat(human.exitCode()).as(human.stdout() + human.stderr()).isZero();
            assertThat(human.stdout())
                    .contains("web")
                    .contains("up")
                    .contains("connect")
                    .contains("first byte");

            Run json = VitalsProcess.run("check", file.toString(), "web", "--json");
            assertThat(json.exitCode()).isZero();
            JsonNode r = new ObjectMapper().readTree(json.stdout());
            assertThat(r.path("outcome").asText()).isEqualTo("up");
            assertThat(r.path("phases").path("connect_ms").isNumber()).isTrue();

            target.answer(500, "broken");
            Run down = VitalsProcess.run("check", file.toString(), "web");
            assertThat(down.exitCode()).isEqualTo(3);
            assertThat(down.stdout()).contains("down").contains("500");
        }
    }

    @Test
    void checkOfAnUnknownIdSuggestsTheNearestOne() throws Exception {
        Path file = write("one.yaml", """
                monitors:
                  - id: intranet
                    kind: tcp
                    host: 127.0.0.1
                    port: 9
                """);
        Run r = VitalsProcess.run("check", file.toString(), "intranot");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("intranet");
    }

    @Test
    void serveRefusesABadConfigurationAndStartsNothing() throws Exception {
        Path file = write("bad.yaml", """
                monitors:
                  - id: web
                    kind: htp
                    url: http://127.0.0.1:9/
                """);
        Run r = VitalsProcess.run(
                "serve",
                "--config",
                file.toString(),
                "--data",
                dir.resolve("data").toString(),
                "--listen",
                "127.0.0.1:0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains(file + ":3:").contains("http").doesNotContain("Exception");
    }

    @Test
    void serveTakesEveryFlagFromTheEnvironmentToo() throws Exception {
        Path file = write("env.yaml", "monitors: []\n");
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = dir.resolve("env-data");
        try (VitalsProcess vitals = VitalsProcess.serveFromEnvironment(java.util.Map.of(
                "VITALS_CONFIG", file.toString(),
                "VITALS_DATA", data.toString(),
                "VITALS_LISTEN", "127.0.0.1:" + port))) {
            assertThat(vitals.port()).isEqualTo(port);
            assertThat(new dev.vitals.testkit.ApiClient(vitals.baseUrl())
                            .get("/health")
                            .json()
                            .path("config")
                            .path("file")
                            .asText())
                    .isEqualTo(file.toString());
            assertThat(data.resolve("vitals.db")).exists();
        }
    }

    @Test
    void serveRefusesAListenAddressWithoutAPort() throws Exception {
        Path file = write("ok.yaml", "monitors: []\n");
        Run r = VitalsProcess.run("serve", "--config", file.toString(), "--listen", "localhost");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("--listen");
    }
}

package dev.vitals.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.testkit.PingServer;
import dev.vitals.testkit.PingServer.Ping;
import dev.vitals.testkit.VitalsProcess;
import dev.vitals.testkit.VitalsProcess.Run;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code vitals run} from the real jar, wrapping a real command, reporting to a local ping receiver. */
@Tag("e2e")
class RunCommandIT {
    @Test
    void theJarRunsTheJobReportsStartAndExitStatusAndExitsWithTheJobsStatus() throws Exception {
        try (PingServer server = PingServer.start()) {
            Run r = VitalsProcess.run(
                    "run",
                    "--ping",
                    server.url("nightly"),
                    "--",
                    "sh",
                    "-c",
                    "echo from-the-job; echo warn >&2; exit 3");

            assertThat(r.exitCode()).as(r.stderr()).isEqualTo(3);
            assertThat(r.stdout()).isEqualTo("from-the-job\n");
            assertThat(r.stderr()).isEqualTo("warn\n");
            List<Ping> pings = server.pings();
            assertThat(pings)
                    .extracting(Ping::method, Ping::path)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("GET", "/ping/nightly/start"),
                            org.assertj.core.groups.Tuple.tuple("POST", "/ping/nightly/3"));
            assertThat(pings.get(1).body()).isEqualTo("from-the-job\nwarn\n");
            assertThat(pings.get(1).param("rid"))
                    .isPresent()
                    .isEqualTo(pings.get(0).param("rid"));
        }
    }

    @Test
    @SuppressWarnings("JdkObsolete") // StringBuffer: written by the reader threads, read by the test
    void aJobStoppedWithSigtermIsStillReportedWithItsStatus() throws Exception {
        try (PingServer server = PingServer.start()) {
            String jar = System.getProperty("vitals.jar");
            assertThat(jar)
                    .as("the vitals.jar system property, set by the build")
                    .isNotNull();
            assertThat(Path.of(jar)).exists();
            String java = ProcessHandle.current().info().command().orElse("java");
            Process p = new ProcessBuilder(
                            java,
                            "-Xmx128m",
                            "-jar",
                            jar,
                            "run",
                            "--ping",
                            server.url("backup"),
                            "--",
                            "sh",
                            "-c",
                            "echo started; sleep 60; echo never")
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            StringBuffer out = new StringBuffer();
            StringBuffer err = new StringBuffer();
            Thread.ofPlatform().daemon(true).start(() -> copy(p.getInputStream(), out));
            Thread.ofPlatform().daemon(true).start(() -> copy(p.getErrorStream(), err));
            try {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!out.toString().contains("started") && p.isAlive() && System.nanoTime() < until) {
                    Thread.sleep(20); // waiting for the other process to be inside its job
                }
                assertThat(out.toString()).as(err.toString()).contains("started");

                p.destroy(); // SIGTERM, as systemd or a container runtime stops a job

                assertThat(p.waitFor(30, TimeUnit.SECONDS))
                        .as("vitals run ended")
                        .isTrue();
                assertThat(p.exitValue()).as("stdout: %s stderr: %s", out, err).isEqualTo(143);
                assertThat(server.await(2, Duration.ofSeconds(10)))
                        .extracting(Ping::path)
                        .containsExactly("/ping/backup/start", "/ping/backup/143");
                assertThat(out.toString()).doesNotContain("never");
                assertThat(server.pings().get(1).body()).isEqualTo("started\n");
            } finally {
                p.destroyForcibly();
            }
        }
    }

    private static void copy(InputStream in, StringBuffer to) {
        byte[] buffer = new byte[4096];
        try (in) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                to.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    @Test
    void aMissingCommandIsReportedAs127() throws Exception {
        try (PingServer server = PingServer.start()) {
            Path nowhere = Files.createTempDirectory("vitals-run").resolve("no-such-job");
            Run r = VitalsProcess.run("run", "--ping", server.url("k"), "--", nowhere.toString());
            assertThat(r.exitCode()).isEqualTo(127);
            assertThat(r.stderr()).contains("not found");
            assertThat(server.pings()).extracting(Ping::path).containsExactly("/ping/k/start", "/ping/k/127");
        }
    }
}

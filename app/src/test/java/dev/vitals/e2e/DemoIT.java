package dev.vitals.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitals.testkit.VitalsProcess;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vitals demo} through the real jar: one command starts Vitals and its simulated office, the
 * office's services go down and come back on the script, and a visitor is signed in as the demo user
 * while the API still needs credentials. And {@code vitals serve} signs nobody in.
 */
@Tag("e2e")
class DemoIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The script's six minutes in 30 s: payroll fails 5 s in and recovers 10 s in. */
    private static final Map<String, String> FAST = Map.of("VITALS_DEMO_SPEED", "12");

    @TempDir
    Path dir;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(String url, Optional<String> cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .GET();
        cookie.ifPresent(c -> b.header("Cookie", "vitals_session=" + c));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Optional<String> sessionCookie(HttpResponse<?> r) {
        return r.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("vitals_session="))
                .map(c -> c.substring("vitals_session=".length(), c.indexOf(';')))
                .filter(v -> !v.isEmpty())
                .findFirst();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void theDemoSignsVisitorsInAndItsOfficeGoesDownAndComesBack() throws Exception {
        int port = freePort();
        Path data = dir.resolve("demo-data");
        try (VitalsProcess demo =
                VitalsProcess.demo(FAST, "--listen", "127.0.0.1:" + port, "--data", data.toString())) {
            assertThat(demo.output()).contains("Vitals demo: open http://127.0.0.1:" + port + "/");
            String base = "http://127.0.0.1:" + port;

            // A visitor's first page, the overview: signed in as the demo user, and told so.
            HttpResponse<String> page = get(base + "/", Optional.empty());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body())
                    .contains("id=\"demo-banner\"")
                    .contains("signed in automatically")
                    .contains("data-group=\"payroll\"")
                    .contains("data-group=\"backup\"");
            String cookie = sessionCookie(page).orElseThrow(() -> new AssertionError("no session cookie was set"));
            HttpResponse<String> account = get(base + "/account", Optional.of(cookie));
            assertThat(account.statusCode()).isEqualTo(200);
            assertThat(account.body()).contains("<dd>demo</dd>").contains("id=\"demo-banner\"");

            // The API is not the console: without credentials it still says 401.
            assertThat(get(base + "/api/v1/monitors", Optional.empty()).statusCode())
                    .isEqualTo(401);

            HttpResponse<String> monitors = get(base + "/api/v1/monitors", Optional.of(cookie));
            assertThat(monitors.statusCode()).isEqualTo(200);
            List<String> services = new ArrayList<>();
            JSON.readTree(monitors.body())
                    .path("monitors")
                    .forEach(m -> services.add(m.path("labels").path("service").asText()));
            assertThat(services).hasSize(12).contains("mail", "wiki", "intranet", "vpn", "payroll", "files", "backup");

            // The script: some monitor goes down, and later comes back up.
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            Optional<String> recovered = Optional.empty();
            while (recovered.isEmpty() && System.nanoTime() < deadline) {
                recovered = downThenUp(get(base + "/api/v1/flips?limit=1000", Optional.of(cookie)));
                if (recovered.isEmpty()) {
                    Thread.sleep(500);
                }
            }
            assertThat(recovered)
                    .as("a monitor that went down and came back up within 60 s:\n" + demo.output())
                    .isPresent();

            // The nightly backup pings in: up after its first run (0:25 of the script, 2 s at this
            // speed), down after the failed run of the third minute (12 s), up again after the next (17 s).
            long backupDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            List<String> backup = List.of();
            while (!startsWith(backup, "up", "down", "up") && System.nanoTime() < backupDeadline) {
                Thread.sleep(500);
                backup = flipsOf("backup-nightly", get(base + "/api/v1/flips?limit=1000", Optional.of(cookie)));
            }
            assertThat(backup)
                    .as("backup-nightly's flips, oldest first:\n" + demo.output())
                    .startsWith("up", "down", "up");

            assertThat(demo.stop()).isIn(0, 143);
        }
        // With --data the folder is kept, with the configuration the demo wrote and its database.
        assertThat(data.resolve("demo.yaml")).exists();
        assertThat(data.resolve("vitals.db")).exists();
    }

    /** The states {@code monitor} flipped to, oldest first; flips come newest first. */
    private static List<String> flipsOf(String monitor, HttpResponse<String> flips) throws Exception {
        assertThat(flips.statusCode()).isEqualTo(200);
        List<String> to = new ArrayList<>();
        JSON.readTree(flips.body()).path("flips").forEach(f -> {
            if (f.path("monitor").asText().equals(monitor)) {
                to.add(0, f.path("to").asText());
            }
        });
        return to;
    }

    private static boolean startsWith(List<String> list, String... first) {
        return list.size() >= first.length && list.subList(0, first.length).equals(List.of(first));
    }

    /** A monitor with a flip to down and, after it, a flip from down to up; flips come newest first. */
    private static Optional<String> downThenUp(HttpResponse<String> flips) throws Exception {
        assertThat(flips.statusCode()).isEqualTo(200);
        List<JsonNode> oldestFirst = new ArrayList<>();
        JSON.readTree(flips.body()).path("flips").forEach(f -> oldestFirst.add(0, f));
        List<String> wentDown = new ArrayList<>();
        for (JsonNode f : oldestFirst) {
            String monitor = f.path("monitor").asText();
            if (f.path("to").asText().equals("down")) {
                wentDown.add(monitor);
            } else if (f.path("from").asText().equals("down")
                    && f.path("to").asText().equals("up")
                    && wentDown.contains(monitor)) {
                return Optional.of(monitor);
            }
        }
        return Optional.empty();
    }

    @Test
    void withoutDataTheDemoKeepsItsDatabaseInATemporaryFolderRemovedAtExit() throws Exception {
        Path folder;
        try (VitalsProcess demo = VitalsProcess.demo(FAST, "--listen", "127.0.0.1:0")) {
            Matcher m = Pattern.compile("SQLite database (\\S+)/vitals\\.db").matcher(demo.output());
            assertThat(m.find()).as(demo.output()).isTrue();
            folder = Path.of(m.group(1));
            assertThat(folder.resolve("demo.yaml")).exists();
            assertThat(demo.stop()).isIn(0, 143);
        }
        assertThat(Files.exists(folder)).as(folder.toString()).isFalse();
    }

    @Test
    void anAddressInUseIsSaidInOneLineWithExitCodeOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + taken.getLocalPort();
            VitalsProcess.Run r = VitalsProcess.run("demo", "--listen", address);
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.stderr())
                    .contains("vitals demo: " + address + " is in use")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void vitalsServeDoesNotSignAnAnonymousVisitorIn() throws Exception {
        Path config = dir.resolve("vitals.yaml");
        Files.writeString(config, "monitors: []\n");
        try (VitalsProcess serve = VitalsProcess.serve(config, dir.resolve("serve-data"))) {
            for (String path : List.of("/", "/account")) {
                HttpResponse<String> page = get(serve.baseUrl() + path, Optional.empty());
                assertThat(page.statusCode()).as(path).isEqualTo(303);
                assertThat(page.headers().firstValue("Location").orElseThrow())
                        .as(path)
                        .startsWith("/login");
                assertThat(sessionCookie(page)).as(path).isEmpty();
            }
            HttpResponse<String> login = get(serve.baseUrl() + "/login", Optional.empty());
            assertThat(login.statusCode()).isEqualTo(200);
            assertThat(login.body()).doesNotContain("demo-banner");
        }
    }
}

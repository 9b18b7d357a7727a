package dev.vitals.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitals.testkit.ApiClient;
import dev.vitals.testkit.VitalsProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accounts through the real jar: the first admin from the command line, signing in with the one-time
 * password, changing it, a token shown once and then revoked, and every step in the audit log.
 */
@Tag("e2e")
class AccountsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void fromTheFirstAdminToARevokedTokenEveryStepIsCheckedAndAudited() throws Exception {
        Path data = dir.resolve("data");
        VitalsProcess.Run add = VitalsProcess.run("user", "add", "--admin", "alice", "--data", data.toString());
        assertThat(add.exitCode()).as(add.stderr()).isZero();
        Matcher m = Pattern.compile("One-time password: (\\S+)").matcher(add.stdout());
        assertThat(m.find()).as(add.stdout()).isTrue();
        String oneTime = m.group(1);

        Path config = dir.resolve("vitals.yaml");
        Files.writeString(config, "monitors: []\n");
        try (VitalsProcess vitals = VitalsProcess.serve(config, data)) {
            String base = vitals.baseUrl();
            ApiClient anonymous = ApiClient.anonymous(base);
            ApiClient.Response refused = anonymous.get("/api/v1/monitors");
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.text()).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(anonymous.get("/metrics").status()).isEqualTo(401);
            assertThat(anonymous.get("/health").status()).isEqualTo(200);

            // The session cookie is HttpOnly and SameSite=Lax (not Secure: this is plain HTTP).
            HttpResponse<String> raw = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(base + "/api/v1/session"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(
                                            JSON.writeValueAsString(Map.of("name", "alice", "password", oneTime))))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(raw.statusCode()).as(raw.body()).isEqualTo(200);
            String cookie = raw.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie)
                    .startsWith("vitals_session=")
                    .contains("HttpOnly")
                    .contains("SameSite=Lax")
                    .contains("Path=/");
            assertThat(cookie).doesNotContain("Secure");

            ApiClient browser = ApiClient.browser(base);
            ApiClient.Response signedIn = browser.signIn("alice", oneTime);
            assertThat(signedIn.status()).isEqualTo(200);
            assertThat(signedIn.json().path("must_change_password").asBoolean()).isTrue();
            assertThat(browser.put("/api/v1/me/password", json(Map.of("current", oneTime, "new", "short")))
                            .status())
                    .isEqualTo(400);
            assertThat(browser.put(
                                    "/api/v1/me/password",
                                    json(Map.of("current", oneTime, "new", "a long and new passphrase")))
                            .status())
                    .isEqualTo(204);
            assertThat(ApiClient.browser(base).signIn("alice", oneTime).status())
                    .isEqualTo(401);

            ApiClient.Response made = browser.post("/api/v1/me/tokens", json(Map.of("name", "ci", "scope", "write")));
            assertThat(made.status()).as(made.text()).isEqualTo(201);
            String token = made.json().path("token").asText();
            assertThat(token).startsWith("vt_");
            ApiClient.Response listed = browser.get("/api/v1/me/tokens");
            assertThat(listed.text()).doesNotContain(token).contains(token.substring(0, 10));

            ApiClient ci = ApiClient.withToken(base, token);
            assertThat(ci.post("/api/v1/monitors", """
                            {"id": "web", "kind": "http", "url": "http://127.0.0.1:9/"}
                            """).status()).isEqualTo(201);
            assertThat(ci.post("/api/v1/teams", json(Map.of("name", "ops"))).status())
                    .isEqualTo(403);
            long kid = made.json().path("id").asLong();
            assertThat(browser.delete("/api/v1/me/tokens/" + kid).status()).isEqualTo(204);
            assertThat(ci.get("/api/v1/monitors").status()).isEqualTo(401);

            ApiClient.Response export = new ApiClient(base).get("/api/v1/audit?format=jsonl");
            assertThat(export.status()).isEqualTo(200);
            assertThat(export.contentType()).startsWith("application/x-ndjson");
            List<JsonNode> entries = new ArrayList<>();
            for (String line : export.text().split("\n")) {
                entries.add(JSON.readTree(line));
            }
            List<String> actions =
                    entries.stream().map(e -> e.path("action").asText()).toList();
            assertThat(actions)
                    .contains(
                            "user.create",
                            "session.start",
                            "user.password",
                            "token.create",
                            "monitor.create",
                            "token.revoke");
            JsonNode created = entries.stream()
                    .filter(e -> e.path("action").asText().equals("monitor.create"))
                    .findFirst()
                    .orElseThrow();
            assertThat(created.path("actor").asText()).isEqualTo("alice");
            assertThat(created.path("address").asText()).isEqualTo("127.0.0.1");
            assertThat(created.path("target").asText()).isEqualTo("web");
            assertThat(entries.stream().filter(e -> e.path("action").asText().equals("user.create")))
                    .anySatisfy(e -> assertThat(e.path("actor").asText()).startsWith("cli:"));
            assertThat(export.text())
                    .doesNotContain(oneTime)
                    .doesNotContain(token)
                    .doesNotContain("a long and new passphrase");
        }
    }

    @Test
    void aShortBootstrapTokenIsRefusedAtStart() throws Exception {
        Path config = dir.resolve("vitals.yaml");
        Files.writeString(config, "monitors: []\n");
        VitalsProcess.Run r = VitalsProcess.runWithEnvironment(
                Map.of("VITALS_BOOTSTRAP_TOKEN", "short"),
                "serve",
                "--config",
                config.toString(),
                "--data",
                dir.resolve("d").toString(),
                "--listen",
                "127.0.0.1:0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr())
                .contains("VITALS_BOOTSTRAP_TOKEN must have at least 24 characters")
                .doesNotContain("Exception");
    }

    private static String json(Object o) throws Exception {
        return JSON.writeValueAsString(o);
    }
}

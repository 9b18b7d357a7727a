package dev.vitals.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitals.accounts.Totp;
import dev.vitals.testkit.ApiClient;
import dev.vitals.testkit.StatusTarget;
import dev.vitals.testkit.VitalsProcess;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.NettyWrapper;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secure baseline through the real jar: single sign-on against a real OpenID Connect provider,
 * a second factor at sign-in, and a responder's monitor kept away from a denied network while an
 * admin's reaches it.
 */
@Tag("e2e")
class SecurityIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    static MockOAuth2Server provider;
    static StatusTarget web;
    static VitalsProcess vitals;
    static ApiClient admin;

    @BeforeAll
    static void start() throws Exception {
        provider = new MockOAuth2Server(
                new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(), Set.of(), new NettyWrapper()));
        provider.start(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0);
        web = StatusTarget.start();
        Path config = dir.resolve("vitals.yaml");
        Files.writeString(config, """
                monitors: []
                security:
                  deny_networks: [127.0.0.0/8]
                  oidc:
                    issuer: "%s"
                    client_id: vitals
                    client_secret: s3cret
                    role_claim: groups
                    roles: { admin: [it-admins], responder: [it-staff] }
                    teams_claim: teams
                """.formatted(provider.issuerUrl("office")));
        vitals = VitalsProcess.serve(config, dir.resolve("data"));
        admin = new ApiClient(vitals.baseUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        vitals.close();
        web.close();
        provider.shutdown();
    }

    @Test
    void singleSignOnThroughTheJarStartsASessionWithTheMappedRole() throws Exception {
        provider.enqueueCallback(new DefaultOAuth2TokenCallback(
                "office",
                "sub-1",
                "JWT",
                null,
                Map.of("preferred_username", "sam", "groups", List.of("it-staff"), "teams", List.of("web")),
                3600));
        HttpClient browser = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(new java.net.CookieManager())
                .build();
        HttpResponse<String> start = browser.send(
                HttpRequest.newBuilder(URI.create(vitals.baseUrl() + "/auth/oidc/start?next=/api/v1/me"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(start.statusCode()).isEqualTo(303);
        String atProvider = start.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> back = browser.send(
                HttpRequest.newBuilder(URI.create(atProvider)).build(), HttpResponse.BodyHandlers.ofString());
        String callback = back.headers().firstValue("Location").orElseThrow();
        assertThat(callback).startsWith(vitals.baseUrl() + "/auth/oidc/callback");
        HttpResponse<String> done = browser.send(
                HttpRequest.newBuilder(URI.create(callback)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(done.headers().firstValue("Location")).hasValue("/api/v1/me");
        HttpResponse<String> me = browser.send(
                HttpRequest.newBuilder(URI.create(vitals.baseUrl() + "/api/v1/me"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(me.statusCode()).isEqualTo(200);
        JsonNode who = JSON.readTree(me.body());
        assertThat(who.path("name").asText()).isEqualTo("sam");
        assertThat(who.path("role").asText()).isEqualTo("responder");
        assertThat(who.path("teams").toString()).contains("web");
    }

    @Test
    void aSecondFactorIsAskedForAndEachCodeWorksOnce() throws Exception {
        JsonNode made = admin.post("/api/v1/users", "{\"name\": \"tess\", \"role\": \"viewer\"}")
                .json();
        String oneTime = made.path("one_time_password").asText();
        ApiClient tess = ApiClient.browser(vitals.baseUrl());
        assertThat(tess.signIn("tess", oneTime).status()).isEqualTo(200);
        // Nothing but the password change until the one-time password is gone.
        assertThat(tess.post("/api/v1/me/totp", "{}").status()).isEqualTo(403);
        String password = "a passphrase of her own";
        assertThat(tess.put("/api/v1/me/password", JSON.writeValueAsString(Map.of("current", oneTime, "new", password)))
                        .status())
                .isEqualTo(204);
        JsonNode enrol = tess.post("/api/v1/me/totp", "{}").json();
        String secret = enrol.path("secret").asText();
        String code = Totp.codeAt(secret, Instant.now());
        assertThat(tess.put("/api/v1/me/totp", JSON.writeValueAsString(Map.of("secret", secret, "code", code)))
                        .status())
                .isEqualTo(204);

        ApiClient again = ApiClient.browser(vitals.baseUrl());
        ApiClient.Response asked = again.signIn("tess", password);
        assertThat(asked.status()).isEqualTo(401);
        assertThat(asked.json().path("field").asText()).isEqualTo("code");
        // The code that confirmed the factor was used: the next one signs in.
        Thread.sleep(Duration.between(Instant.now(), nextStep()).toMillis() + 100);
        String next = Totp.codeAt(secret, Instant.now());
        ApiClient.Response ok = again.post(
                "/api/v1/session", JSON.writeValueAsString(Map.of("name", "tess", "password", password, "code", next)));
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        ApiClient.Response replay = ApiClient.browser(vitals.baseUrl())
                .post(
                        "/api/v1/session",
                        JSON.writeValueAsString(Map.of("name", "tess", "password", password, "code", next)));
        assertThat(replay.status()).isEqualTo(401);
    }

    private static Instant nextStep() {
        long now = Instant.now().getEpochSecond();
        return Instant.ofEpochSecond((now / 30 + 1) * 30);
    }

    @Test
    void aRespondersMonitorCannotReachADeniedNetworkButAnAdminsCan() throws Exception {
        JsonNode made = admin.post(
                        "/api/v1/users", "{\"name\": \"rory\", \"role\": \"responder\", \"teams\": [\"web\"]}")
                .json();
        ApiClient rory = ApiClient.browser(vitals.baseUrl());
        String oneTime = made.path("one_time_password").asText();
        assertThat(rory.signIn("rory", oneTime).status()).isEqualTo(200);
        assertThat(rory.put(
                                "/api/v1/me/password",
                                JSON.writeValueAsString(Map.of("current", oneTime, "new", "a passphrase of his own")))
                        .status())
                .isEqualTo(204);
        String body = """
                {"id": "%s", "kind": "http", "url": "%s", "interval": "1s", "timeout": "1s",
                 "confirm": {"fail_after": 1, "recover_after": 1}, "labels": {"team": "web"}}
                """;
        assertThat(rory.post("/api/v1/monitors", body.formatted("by-rory", "http://localhost:" + web.port() + "/"))
                        .status())
                .isEqualTo(201);
        assertThat(rory.post("/api/v1/monitors", body.formatted("literal", web.url("/")))
                        .status())
                .as("a literal denied address is refused at once")
                .isEqualTo(400);
        assertThat(admin.post("/api/v1/monitors", body.formatted("by-admin", web.url("/")))
                        .status())
                .isEqualTo(201);

        JsonNode denied = admin.await(
                        "/api/v1/monitors/by-rory",
                        WAIT,
                        r -> "down".equals(r.json().path("status").asText()))
                .json();
        assertThat(denied.path("last_result").path("reason").asText())
                .contains("network checks may not reach")
                .contains("127.0.0.0/8");
        admin.await(
                "/api/v1/monitors/by-admin",
                WAIT,
                r -> "up".equals(r.json().path("status").asText()));
    }

    @Test
    void theSignInPageOffersSingleSignOnAndAnonymousPagesGoThere() throws Exception {
        HttpClient plain = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HttpResponse<String> login = plain.send(
                HttpRequest.newBuilder(URI.create(vitals.baseUrl() + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(login.body()).contains("name=\"_csrf\"").contains("/auth/oidc/start");
        assertThat(login.headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("script-src 'self'");
        HttpResponse<String> account = plain.send(
                HttpRequest.newBuilder(URI.create(vitals.baseUrl() + "/account"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(account.statusCode()).isEqualTo(303);
        assertThat(account.headers().firstValue("Location").orElse("")).startsWith("/login");
    }
}

package dev.vitals.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.accounts.Role;
import dev.vitals.accounts.SecuritySettings;
import dev.vitals.accounts.User;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.NettyWrapper;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Single sign-on through the real routes against a real OpenID Connect provider on loopback: a
 * browser (an HTTP client that carries cookies by hand) goes to the provider and back, and ends up
 * signed in with the role its groups map to.
 */
class SsoTest {
    @TempDir
    static Path dir;

    static MockOAuth2Server provider;
    static ApiHarness h;
    static final HttpClient browser = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @BeforeAll
    static void start() throws Exception {
        provider = new MockOAuth2Server(
                new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(), Set.of(), new NettyWrapper()));
        provider.start(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0);
        SecuritySettings.Oidc oidc = new SecuritySettings.Oidc(
                URI.create(provider.issuerUrl("office").toString()),
                "vitals",
                Optional.of(new dev.vitals.config.Secret("s3cret")),
                Optional.empty(),
                List.of("openid", "profile", "email"),
                "groups",
                Map.of(Role.ADMIN, List.of("it-admins"), Role.RESPONDER, List.of("it-staff")),
                Optional.empty(),
                Optional.of("teams"),
                "Sign in with Office SSO");
        h = new ApiHarness(dir, Optional.of(oidc));
    }

    @AfterAll
    static void stop() {
        h.close();
        provider.shutdown();
    }

    private record Hop(int status, String location, Map<String, String> cookies) {}

    private static Hop get(String url, Map<String, String> cookies) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (!cookies.isEmpty()) {
            b.header(
                    "Cookie",
                    String.join(
                            "; ",
                            cookies.entrySet().stream()
                                    .map(e -> e.getKey() + "=" + e.getValue())
                                    .toList()));
        }
        HttpResponse<String> r = browser.send(b.build(), HttpResponse.BodyHandlers.ofString());
        Map<String, String> set = new java.util.LinkedHashMap<>();
        for (String c : r.headers().allValues("Set-Cookie")) {
            String pair = c.split(";", 2)[0];
            int eq = pair.indexOf('=');
            set.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return new Hop(r.statusCode(), r.headers().firstValue("Location").orElse(""), set);
    }

    /** Start, provider, callback: the session cookie, or the sign-in page the browser was sent back to. */
    private static Hop signIn(String subject, Map<String, Object> claims) throws Exception {
        provider.enqueueCallback(new DefaultOAuth2TokenCallback("office", subject, "JWT", null, claims, 3600));
        String base = "http://127.0.0.1:" + h.server.port();
        Hop start = get(base + "/auth/oidc/start?next=/api/v1/me", Map.of());
        assertThat(start.status()).isEqualTo(303);
        assertThat(start.location()).startsWith(provider.issuerUrl("office").toString());
        assertThat(start.location()).contains("code_challenge_method=S256");
        Hop atProvider = get(start.location(), Map.of());
        assertThat(atProvider.location()).startsWith(base + "/auth/oidc/callback");
        return get(atProvider.location(), start.cookies());
    }

    @Test
    void anAdminGroupSignsInAsAnAdminWithTheTeamsOfTheClaim() throws Exception {
        Hop back = signIn(
                "sub-ada",
                Map.of(
                        "preferred_username",
                        "Ada.Lovelace",
                        "groups",
                        List.of("it-admins", "staff"),
                        "teams",
                        List.of("it")));
        assertThat(back.status()).isEqualTo(303);
        assertThat(back.location()).isEqualTo("/api/v1/me");
        String session = back.cookies().get("vitals_session");
        assertThat(session).isNotBlank();
        ApiHarness.Answer me =
                h.send("GET", "/api/v1/me", Optional.empty(), new ApiHarness.As.Browser(session, "", false));
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body())
                .contains("\"name\":\"ada.lovelace\"")
                .contains("\"role\":\"admin\"")
                .contains("\"single_sign_on\":true");
        User ada = h.accounts.store().user("ada.lovelace").orElseThrow();
        assertThat(ada.teams()).containsExactly("it");
        assertThat(ada.passwordHash()).isEmpty();

        // The next sign-in follows the provider: out of the admin group, down to responder.
        Hop again = signIn(
                "sub-ada",
                Map.of(
                        "preferred_username",
                        "Ada.Lovelace",
                        "groups",
                        List.of("it-staff"),
                        "teams",
                        List.of("it", "/Finance Team")));
        assertThat(again.status()).isEqualTo(303);
        User later = h.accounts.store().user("ada.lovelace").orElseThrow();
        assertThat(later.role()).isEqualTo(Role.RESPONDER);
        assertThat(later.teams()).containsExactly("finance-team", "it");
    }

    @Test
    void someoneWithNoMappedGroupIsSentBackToTheSignInPageWithTheReason() throws Exception {
        Hop back = signIn("sub-guest", Map.of("preferred_username", "guest", "groups", List.of("visitors")));
        assertThat(back.status()).isEqualTo(303);
        assertThat(back.location()).isEqualTo("/login");
        assertThat(URLDecoder.decode(back.cookies().get(SsoRoutes.ERROR_COOKIE), StandardCharsets.UTF_8))
                .contains("no role in Vitals");
        assertThat(back.cookies()).doesNotContainKey("vitals_session");
        assertThat(h.accounts.store().user("guest")).isEmpty();
    }

    @Test
    void aLocalUserOfTheSameNameIsNeverTakenOver() throws Exception {
        h.user("mallory", Role.ADMIN, List.of());
        Hop back = signIn("sub-mallory", Map.of("preferred_username", "mallory", "groups", List.of("it-staff")));
        assertThat(back.status()).isEqualTo(303);
        User local = h.accounts.store().user("mallory").orElseThrow();
        assertThat(local.oidcSubject()).isEmpty();
        assertThat(local.role()).isEqualTo(Role.ADMIN);
        User sso = h.accounts.store().user("mallory-sso").orElseThrow();
        assertThat(sso.role()).isEqualTo(Role.RESPONDER);
    }

    @Test
    void aCallbackWithoutTheStartOfThisBrowserSignsNobodyIn() throws Exception {
        String base = "http://127.0.0.1:" + h.server.port();
        Hop forged = get(base + "/auth/oidc/callback?code=abc&state=xyz", Map.of());
        assertThat(forged.status()).isEqualTo(303);
        assertThat(forged.location()).isEqualTo("/login");
        assertThat(forged.cookies()).containsKey(SsoRoutes.ERROR_COOKIE);
        assertThat(forged.cookies()).doesNotContainKey("vitals_session");
    }

    @Test
    void onlyLocalPathsAreFollowedAfterSignIn() {
        assertThat(SsoRoutes.localPath("//evil.example/x")).isEqualTo("/");
        assertThat(SsoRoutes.localPath("https://evil.example/")).isEqualTo("/");
        assertThat(SsoRoutes.localPath("/\\evil.example")).isEqualTo("/");
        assertThat(SsoRoutes.localPath("/monitors?q=a")).isEqualTo("/monitors?q=a");
    }
}

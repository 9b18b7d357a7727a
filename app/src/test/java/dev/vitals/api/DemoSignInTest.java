package dev.vitals.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.accounts.Accounts;
import dev.vitals.accounts.Role;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Demo mode signs anonymous visitors of the pages in as the demo user, and nothing else: not the API,
 * not a form posted without a session, and never a Vitals that is not the demo.
 */
class DemoSignInTest {
    @TempDir
    Path dir;

    private static Optional<String> sessionCookie(ApiHarness.Answer a) {
        return a.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(Accounts.SESSION_COOKIE + "="))
                .map(c -> c.substring(Accounts.SESSION_COOKIE.length() + 1, c.indexOf(';')))
                .filter(v -> !v.isEmpty())
                .findFirst();
    }

    @Test
    void inDemoModeAnAnonymousVisitorOfAPageIsSignedInAsTheDemoViewerAndTheBannerSaysSo() {
        try (ApiHarness h = ApiHarness.demo(dir)) {
            ApiHarness.Answer page = h.send("GET", "/", Optional.empty(), new ApiHarness.As.Nobody());
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("<p id=\"demo-banner\"").contains("signed in automatically as");
            String cookie = sessionCookie(page).orElseThrow();

            ApiHarness.As.Browser browser = new ApiHarness.As.Browser(cookie, "", false);
            ApiHarness.Answer again = h.send("GET", "/account", Optional.empty(), browser);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.body()).contains("<dd>demo</dd>").contains("<p id=\"demo-banner\"");
            assertThat(sessionCookie(again)).as("an existing session is kept").isEmpty();
            // The session is a real one: the API reads with it, as a viewer.
            assertThat(h.send("GET", "/api/v1/monitors", Optional.empty(), browser)
                            .status())
                    .isEqualTo(200);
            assertThat(h.send("GET", "/admin/users", Optional.empty(), browser).status())
                    .isEqualTo(403);
        }
    }

    @Test
    void inDemoModeTheApiAndMetricsStillNeedCredentials() {
        try (ApiHarness h = ApiHarness.demo(dir)) {
            for (String path : List.of("/api/v1/monitors", "/api/v1/me", "/metrics")) {
                ApiHarness.Answer a = h.send("GET", path, Optional.empty(), new ApiHarness.As.Nobody());
                assertThat(a.status()).as(path).isEqualTo(401);
                assertThat(sessionCookie(a)).as(path).isEmpty();
            }
        }
    }

    @Test
    void inDemoModeAFormPostedWithoutASessionIsRefusedAndSignsNobodyIn() {
        try (ApiHarness h = ApiHarness.demo(dir)) {
            ApiHarness.Answer a = h.send(
                    "POST",
                    "/account/tokens",
                    Optional.empty(),
                    new ApiHarness.As.Nobody(),
                    java.util.Map.of("Content-Type", "application/x-www-form-urlencoded"));
            assertThat(a.status()).isEqualTo(303);
            assertThat(a.headers().firstValue("Location")).hasValue("/login");
            assertThat(sessionCookie(a)).isEmpty();
            assertThat(h.accounts.store().allTokens()).isEmpty();
        }
    }

    @Test
    void vitalsServeNeverSignsAnAnonymousVisitorInEvenWithAUserNamedDemo() {
        try (ApiHarness h = new ApiHarness(dir)) {
            h.accounts.store().addUser("demo", Role.VIEWER, List.of(), Optional.empty(), false, h.clock.instant());
            for (String path : List.of("/", "/account")) {
                ApiHarness.Answer a = h.send("GET", path, Optional.empty(), new ApiHarness.As.Nobody());
                assertThat(a.status()).as(path).isEqualTo(303);
                assertThat(a.headers().firstValue("Location").orElseThrow())
                        .as(path)
                        .startsWith("/login");
                assertThat(sessionCookie(a)).as(path).isEmpty();
            }
            ApiHarness.Answer login = h.send("GET", "/login", Optional.empty(), new ApiHarness.As.Nobody());
            assertThat(login.body()).doesNotContain("demo-banner");
        }
    }
}

package dev.vitals.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.accounts.Accounts;
import dev.vitals.accounts.Role;
import dev.vitals.accounts.Scope;
import dev.vitals.accounts.User;
import dev.vitals.web.Pages;
import io.javalin.http.HandlerType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route of the router, called as an admin, a responder of the monitor's team, a responder of
 * another team, a viewer and an anonymous visitor: each gets what the access table promises, and a
 * route without a rule cannot be served at all.
 */
class AccessTest {
    @TempDir
    static Path dir;

    static ApiHarness h;

    enum Persona {
        ANONYMOUS,
        VIEWER,
        OTHER_TEAM,
        RESPONDER,
        ADMIN
    }

    static final String MONITOR = "fin-web";

    @BeforeAll
    static void start() {
        h = new ApiHarness(dir);
        h.user("vera", Role.VIEWER, List.of());
        h.user("otto", Role.RESPONDER, List.of("it"));
        h.user("rita", Role.RESPONDER, List.of("finance"));
        h.user("ada", Role.ADMIN, List.of());
        // Own passwords, as people have after their first sign-in: else every page would only send
        // them to change the one-time password, and the page handlers would never run.
        String hash = dev.vitals.accounts.Passwords.hash("a persona's own password");
        for (String name : List.of("vera", "otto", "rita", "ada")) {
            long uid = h.accounts.store().user(name).orElseThrow().uid();
            h.accounts.store().setPassword(uid, hash, false, Optional.empty(), h.clock.instant());
        }
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    /** Puts back whatever an earlier call deleted, so that every call meets the same world. */
    private static long fixtures() {
        if (h.registry.get(MONITOR).isEmpty()) {
            h.registry.create(monitorBody(MONITOR));
        }
        User victim = h.user("victim", Role.VIEWER, List.of("finance"));
        h.accounts.store().addTeam("spare", h.clock.instant());
        return h.accounts.tokensOf(victim).stream()
                .filter(t -> t.revokedAt().isEmpty())
                .findFirst()
                .map(t -> t.kid())
                .orElseGet(() -> h.accounts
                        .addToken(victim, "fixture", Scope.READ, Optional.empty())
                        .token()
                        .kid());
    }

    static final String WINDOW = "fin-patch";

    /** A silence of the finance team that has not expired, made afresh when an earlier call expired it. */
    private static String silence() {
        return h.silences.list(dev.vitals.silences.Silence.State.ACTIVE, 10).stream()
                .findFirst()
                .orElseGet(() -> h.silences.create(dev.vitals.silences.SilenceRequest.fromJson(silenceBody()), "ada"))
                .id();
    }

    static final String RECEIVER = "fixture-hook";

    private static void window() {
        if (h.receivers.receiver(RECEIVER).isEmpty()) {
            h.receivers.create(
                    "{\"name\": \"" + RECEIVER + "\", \"webhook\": {\"url\": \"http://127.0.0.1:9/\"}}", "ada");
        }
        boolean open = h.maintenances.list().stream()
                .anyMatch(s ->
                        s.entry().name().equals(WINDOW) && s.entry().endedAt().isEmpty());
        if (!open) {
            h.maintenances.create(windowBody(WINDOW), "ada");
        }
    }

    private static String silenceBody() {
        return "{\"matchers\": [{\"name\": \"team\", \"value\": \"finance\"}], \"duration\": \"1h\","
                + " \"comment\": \"fixture\"}";
    }

    private static String windowBody(String name) {
        return "{\"name\": \"" + name + "\", \"start\": \"2026-12-24T18:00\", \"duration\": \"2h\", \"tz\": \"UTC\","
                + " \"match\": {\"team\": \"finance\"}}";
    }

    private static Optional<String> body(Route r) {
        if (r.method() != HandlerType.POST && r.method() != HandlerType.PUT) {
            return Optional.empty();
        }
        if (r.path().startsWith("/api/v1/monitors")) {
            return Optional.of(monitorBody(r.method() == HandlerType.PUT ? MONITOR : "new-" + System.nanoTime()));
        }
        if (r.path().startsWith("/api/v1/silences")) {
            return Optional.of(silenceBody());
        }
        if (r.path().equals("/silences") || r.path().equals("/silences/preview")) {
            // The console's form: the same silence as silenceBody(), as a browser posts it.
            return Optional.of("matchers=team%3D%22finance%22&duration=1h&comment=fixture");
        }
        if (r.path().equals("/maintenances") || r.path().equals("/maintenances/preview")) {
            // The console's form: the same window as windowBody(), as a browser posts it.
            return Optional.of("name=new-" + System.nanoTime()
                    + "&start=2026-12-24T18%3A00&duration=2h&tz=UTC&match=team%3Dfinance");
        }
        if (r.path().startsWith("/api/v1/maintenances")) {
            return Optional.of(windowBody("new-" + System.nanoTime()));
        }
        if (r.path().startsWith("/api/v1/receivers")) {
            String name = r.method() == HandlerType.PUT ? RECEIVER : "new-" + System.nanoTime();
            return Optional.of("{\"name\": \"" + name + "\", \"webhook\": {\"url\": \"http://127.0.0.1:9/\"}}");
        }
        if (r.path().equals("/api/v1/routes")) {
            return Optional.of("{\"receiver\": \"" + RECEIVER + "\"}");
        }
        return Optional.of("{}");
    }

    private static String monitorBody(String id) {
        return """
                {"id": "%s", "kind": "http", "url": "http://127.0.0.1:9/", "labels": {"team": "finance"}}
                """.formatted(id);
    }

    private static ApiHarness.As as(Persona p) {
        String name = switch (p) {
            case ANONYMOUS -> null;
            case VIEWER -> "vera";
            case OTHER_TEAM -> "otto";
            case RESPONDER -> "rita";
            case ADMIN -> "ada";
        };
        return name == null
                ? new ApiHarness.As.Nobody()
                : h.session(h.accounts.store().user(name).orElseThrow());
    }

    private static boolean allowed(Access.Need need, Persona p, Route r) {
        return switch (need) {
            case PUBLIC -> true;
            case SIGNED_IN, SESSION, READ -> p != Persona.ANONYMOUS;
            // Every write route is about a team (a monitor's, a silence's, a window's): the responder of
            // that team may, another team may not.
            case WRITE -> p == Persona.ADMIN || p == Persona.RESPONDER;
            case ADMIN -> p == Persona.ADMIN;
            // Only an integration's own credential: no user's session or token opens these.
            case INTEGRATION -> false;
        };
    }

    @TestFactory
    Stream<DynamicTest> everyRouteAsEveryPersona() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Route r : h.server.routes()) {
            Access.Need need = Access.of(r);
            for (Persona p : Persona.values()) {
                tests.add(DynamicTest.dynamicTest(Access.key(r) + " as " + p, () -> {
                    long kid = fixtures();
                    window();
                    String path = r.path()
                            .replace("/silences/{id}", "/silences/" + silence())
                            .replace("{id}", MONITOR)
                            .replace("{kid}", Long.toString(kid))
                            .replace("/users/{name}", "/users/victim")
                            .replace("/teams/{name}", "/teams/spare")
                            .replace("/maintenances/{name}", "/maintenances/" + WINDOW)
                            .replace("/receivers/{name}", "/receivers/" + RECEIVER)
                            .replace("{key}", "4f8a2c1e-7d3b-4e9a-b6c5-0a1b2c3d4e5f")
                            .replace("{action}", "start")
                            .replace("{file}", "vitals.css");
                    Optional<String> body = body(r);
                    Map<String, String> headers = body.filter(b -> !b.startsWith("{"))
                            .map(b -> Map.of("Content-Type", "application/x-www-form-urlencoded"))
                            .orElse(Map.of());
                    ApiHarness.Answer a = h.send(r.method().name(), path, body, as(p), headers);
                    assertThat(a.status())
                            .as("%s %s as %s: %s", r.method(), path, p, a.body())
                            .isNotEqualTo(500);
                    if (need == Access.Need.INTEGRATION) {
                        // No integration is configured here: whoever the user, nothing is taken in.
                        assertThat(a.status())
                                .as("%s %s as %s is refused: %s", r.method(), path, p, a.body())
                                .isIn(400, 401);
                        assertThat(h.intake.calls()).isEmpty();
                    } else if (allowed(need, p, r)) {
                        assertThat(a.status())
                                .as("%s %s as %s is allowed: %s", r.method(), path, p, a.body())
                                .isNotIn(401, 403);
                    } else if (Pages.serves(path)) {
                        // A page sends an anonymous visitor to sign in, and tells others no in words.
                        assertThat(a.status())
                                .as("%s %s as %s is refused: %s", r.method(), path, p, a.body())
                                .isEqualTo(p == Persona.ANONYMOUS ? 303 : 403);
                        if (p == Persona.ANONYMOUS) {
                            assertThat(a.headers().firstValue("Location"))
                                    .hasValueSatisfying(l -> assertThat(l).startsWith("/login"));
                        } else {
                            assertThat(a.contentType()).startsWith("text/html");
                        }
                    } else {
                        assertThat(a.status())
                                .as("%s %s as %s is refused: %s", r.method(), path, p, a.body())
                                .isEqualTo(p == Persona.ANONYMOUS ? 401 : 403);
                        assertThat(a.contentType()).startsWith(ApiServer.PROBLEM_JSON);
                    }
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void aRouteWithoutARuleCannotBeServed() {
        Route unruled = Route.get("/api/v1/secret-new-thing", ctx -> ctx.result("oops"));
        assertThatThrownBy(() -> Access.of(unruled))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("GET /api/v1/secret-new-thing has no access rule");
    }

    @Test
    void theTableHasNoRuleForARouteThatDoesNotExist() {
        Set<String> served = h.server.routes().stream().map(Access::key).collect(Collectors.toCollection(TreeSet::new));
        assertThat(new TreeSet<>(Access.RULES.keySet())).isEqualTo(served);
    }

    @Test
    void onlyPingHealthSigningInAndTheStylesheetArePublic() {
        Set<String> open = Access.RULES.entrySet().stream()
                .filter(e -> e.getValue() == Access.Need.PUBLIC)
                .map(e -> e.getKey())
                .filter(k -> !k.contains(" /ping/"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(open)
                .containsExactly(
                        "GET /assets/{file}",
                        "GET /auth/oidc/callback",
                        "GET /auth/oidc/start",
                        "GET /health",
                        "GET /login",
                        "POST /api/v1/session",
                        "POST /login");
    }

    @Test
    void onlyTheRoutesOfOtherSystemsTakeAnIntegrationsCredential() {
        Set<String> integration = Access.RULES.entrySet().stream()
                .filter(e -> e.getValue() == Access.Need.INTEGRATION)
                .map(e -> e.getKey())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(integration)
                .containsExactly(
                        "POST /api/v1/integrations/alertmanager",
                        "POST /api/v1/integrations/webhook",
                        "POST /api/v2/alerts",
                        "POST /v2/enqueue");
    }

    @Test
    void aChangeThroughABrowserSessionNeedsItsCsrfToken() {
        fixtures();
        User ada = h.accounts.store().user("ada").orElseThrow();
        ApiHarness.As.Browser s = h.session(ada);
        ApiHarness.As.Browser forged = new ApiHarness.As.Browser(s.cookie(), s.csrfToken(), false);
        ApiHarness.Answer refused = h.send("POST", "/api/v1/teams", Optional.of("{\"name\":\"csrf-a\"}"), forged);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("CSRF");
        assertThat(h.accounts.store().teams()).doesNotContain("csrf-a");
        ApiHarness.As.Browser wrong = new ApiHarness.As.Browser(s.cookie(), "not-the-token", true);
        assertThat(h.send("POST", "/api/v1/teams", Optional.of("{\"name\":\"csrf-b\"}"), wrong)
                        .status())
                .isEqualTo(403);
        assertThat(h.send("POST", "/api/v1/teams", Optional.of("{\"name\":\"csrf-c\"}"), s)
                        .status())
                .isEqualTo(201);
        // Reading needs no CSRF token.
        assertThat(h.send("GET", "/api/v1/teams", Optional.empty(), forged).status())
                .isEqualTo(200);
    }

    @Test
    void aTokenDoesNoMoreThanItsScopeNorMoreThanItsUsersRole() {
        fixtures();
        User ada = h.accounts.store().user("ada").orElseThrow();
        User vera = h.accounts.store().user("vera").orElseThrow();
        String adminRead =
                h.accounts.addToken(ada, "ro", Scope.READ, Optional.empty()).value();
        String adminWrite =
                h.accounts.addToken(ada, "rw", Scope.WRITE, Optional.empty()).value();
        String adminAll =
                h.accounts.addToken(ada, "all", Scope.ADMIN, Optional.empty()).value();
        String viewerAdmin = h.accounts
                .addToken(vera, "too-much", Scope.ADMIN, Optional.empty())
                .value();
        Optional<String> team = Optional.of("{\"name\":\"scoped\"}");
        assertThat(h.send("GET", "/api/v1/monitors", Optional.empty(), new ApiHarness.As.Bearer(adminRead))
                        .status())
                .isEqualTo(200);
        assertThat(h.send(
                                "POST",
                                "/api/v1/monitors",
                                Optional.of(monitorBody("by-read-token")),
                                new ApiHarness.As.Bearer(adminRead))
                        .status())
                .isEqualTo(403);
        assertThat(h.send("POST", "/api/v1/teams", team, new ApiHarness.As.Bearer(adminWrite))
                        .status())
                .isEqualTo(403);
        assertThat(h.send(
                                "POST",
                                "/api/v1/monitors",
                                Optional.of(monitorBody("by-write-token")),
                                new ApiHarness.As.Bearer(adminWrite))
                        .status())
                .isEqualTo(201);
        assertThat(h.send("POST", "/api/v1/teams", team, new ApiHarness.As.Bearer(viewerAdmin))
                        .status())
                .isEqualTo(403);
        assertThat(h.send("POST", "/api/v1/teams", team, new ApiHarness.As.Bearer(adminAll))
                        .status())
                .isEqualTo(201);
        // Tokens cannot make tokens or change passwords: that needs the person.
        assertThat(h.send(
                                "POST",
                                "/api/v1/me/tokens",
                                Optional.of("{\"name\":\"x\"}"),
                                new ApiHarness.As.Bearer(adminAll))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void unknownRevokedAndMalformedTokensAreRefusedWithoutSayingWhichIsWhich() {
        User ada = h.accounts.store().user("ada").orElseThrow();
        Accounts.NewToken t = h.accounts.addToken(ada, "soon-revoked", Scope.ADMIN, Optional.empty());
        assertThat(h.send("GET", "/api/v1/me", Optional.empty(), new ApiHarness.As.Bearer(t.value()))
                        .status())
                .isEqualTo(200);
        h.accounts.revokeToken(t.token().kid(), Optional.empty());
        for (String bad : List.of(t.value(), "vt_unknown", "", "x".repeat(5000))) {
            ApiHarness.Answer a = h.send("GET", "/api/v1/me", Optional.empty(), new ApiHarness.As.Bearer(bad));
            assertThat(a.status()).as(bad).isEqualTo(401);
            assertThat(a.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"vitals\"");
        }
        assertThat(h.send("GET", "/api/v1/me", Optional.empty(), new ApiHarness.As.Bearer(ApiHarness.BOOTSTRAP))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aResponderSavesOnlyTheirTeamsMonitorsAndTheyAreCheckedBehindTheDenyList() {
        fixtures();
        ApiHarness.As rita = as(Persona.RESPONDER);
        ApiHarness.As otto = as(Persona.OTHER_TEAM);
        ApiHarness.Answer foreign = h.send("POST", "/api/v1/monitors", Optional.of(monitorBody("otto-made")), otto);
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.body()).contains("team \\\"finance\\\"");
        assertThat(h.registry.get("otto-made")).isEmpty();

        ApiHarness.Answer noTeam = h.send(
                "POST",
                "/api/v1/monitors",
                Optional.of("{\"id\": \"loose\", \"kind\": \"tcp\", \"host\": \"127.0.0.1\", \"port\": 9}"),
                rita);
        assertThat(noTeam.status()).isEqualTo(403);
        assertThat(h.registry.get("loose")).isEmpty();

        ApiHarness.Answer metadata = h.send(
                "POST",
                "/api/v1/monitors",
                Optional.of(
                        "{\"id\": \"steal\", \"kind\": \"http\", \"url\": \"http://169.254.169.254/latest/meta-data/\", \"labels\": {\"team\": \"finance\"}}"),
                rita);
        assertThat(metadata.status()).as(metadata.body()).isEqualTo(400);
        assertThat(metadata.body()).contains("169.254.169.254");
        assertThat(h.registry.get("steal")).isEmpty();

        ApiHarness.Answer caFile = h.send(
                "POST",
                "/api/v1/monitors",
                Optional.of("{\"id\": \"peek\", \"kind\": \"tls\", \"host\": \"example.org\","
                        + " \"ca_file\": \"/etc/shadow\", \"labels\": {\"team\": \"finance\"}}"),
                rita);
        assertThat(caFile.status()).as(caFile.body()).isEqualTo(400);
        assertThat(caFile.body()).contains("only admins can set ca_file");

        assertThat(h.send("POST", "/api/v1/monitors", Optional.of(monitorBody("rita-made")), rita)
                        .status())
                .isEqualTo(201);
        assertThat(h.registry.get("rita-made").orElseThrow().origin())
                .isEqualTo(new dev.vitals.monitors.Origin.Api(true));
        // Moving a monitor to another team is a change of that team's monitors too.
        ApiHarness.Answer moved = h.send(
                "PUT",
                "/api/v1/monitors/rita-made",
                Optional.of("{\"kind\": \"http\", \"url\": \"http://127.0.0.1:9/\", \"labels\": {\"team\": \"it\"}}"),
                rita);
        assertThat(moved.status()).isEqualTo(403);
        assertThat(h.registry.get("rita-made").orElseThrow().labels()).containsEntry("team", "finance");

        ApiHarness.As ada = as(Persona.ADMIN);
        assertThat(h.send("PUT", "/api/v1/monitors/rita-made", Optional.of(monitorBody("rita-made")), ada)
                        .status())
                .isEqualTo(200);
        assertThat(h.registry.get("rita-made").orElseThrow().origin())
                .isEqualTo(new dev.vitals.monitors.Origin.Api(false));
    }

    @Test
    void headIsRefusedWhereGetIsRefused() {
        fixtures();
        assertThat(h.send("HEAD", "/api/v1/monitors", Optional.empty(), new ApiHarness.As.Nobody())
                        .status())
                .isEqualTo(401);
        assertThat(h.send("HEAD", "/api/v1/users", Optional.empty(), as(Persona.VIEWER))
                        .status())
                .isEqualTo(403);
        assertThat(h.send("HEAD", "/health", Optional.empty(), new ApiHarness.As.Nobody())
                        .status())
                .isEqualTo(200);
    }
}

package dev.vitals.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.accounts.Accounts;
import dev.vitals.accounts.Role;
import dev.vitals.accounts.Scope;
import dev.vitals.accounts.User;
import dev.vitals.monitors.Monitor;
import dev.vitals.monitors.MonitorRegistry;
import dev.vitals.testkit.RawHttp;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random and hostile JSON, headers and paths thrown at the real API server: it never answers with a
 * 5xx, never shows a stack trace, changes nothing for a caller the access table does not allow, and
 * refuses an oversized body before reading it.
 */
class HostileInputProperties {
    private static final Duration PROMPTLY = Duration.ofSeconds(3);
    private static final String MONITOR = "fin-web";

    private static Path dir;
    private static ApiHarness h;
    private static RawHttp raw;

    @BeforeContainer
    static void start() throws IOException {
        dir = Files.createTempDirectory("vitals-hostile");
        h = new ApiHarness(dir);
        raw = new RawHttp("127.0.0.1", h.server.port());
        fixtures();
    }

    @AfterContainer
    static void stop() throws IOException {
        h.close();
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    // ---- who is calling

    /** The cast: a viewer, a responder of another team, the responder of the monitor's team, an admin. */
    enum Persona {
        VIEWER("vera", Role.VIEWER, List.of()),
        OTHER_TEAM("otto", Role.RESPONDER, List.of("it")),
        RESPONDER("rita", Role.RESPONDER, List.of("finance")),
        ADMIN("ada", Role.ADMIN, List.of());

        final String user;
        final Role role;
        final List<String> teams;

        Persona(String user, Role role, List<String> teams) {
            this.user = user;
            this.role = role;
            this.teams = teams;
        }
    }

    /** How a browser session sends its CSRF token with a change. */
    enum Csrf {
        SENT,
        MISSING,
        WRONG
    }

    /** Who sends a request and how they prove it. */
    sealed interface Who {
        record Anonymous() implements Who {}

        /** An Authorization or Cookie header that proves nothing. */
        record Garbage(String header, String value) implements Who {
            @Override
            public String toString() {
                return "Garbage[" + header + ": " + HostileInput.shown(value) + "]";
            }
        }

        record Bootstrap() implements Who {}

        record Browser(Persona persona, Csrf csrf) implements Who {}

        record Token(Persona persona, Scope scope) implements Who {}
    }

    /** A header to send, written as given. */
    record Header(String name, String value) {
        @Override
        public String toString() {
            return name + ": " + HostileInput.shown(value);
        }
    }

    /** The headers that make {@code who}, starting a session or making a token as needed. */
    private static List<Header> credentials(Who who) {
        return switch (who) {
            case Who.Anonymous a -> List.of();
            case Who.Garbage g -> List.of(new Header(g.header(), g.value()));
            case Who.Bootstrap b -> List.of(new Header("Authorization", "Bearer " + ApiHarness.BOOTSTRAP));
            case Who.Browser b -> {
                ApiHarness.As.Browser s = h.session(user(b.persona()));
                List<Header> out = new ArrayList<>();
                out.add(new Header("Cookie", Accounts.SESSION_COOKIE + "=" + s.cookie()));
                switch (b.csrf()) {
                    case SENT -> out.add(new Header(Guard.CSRF_HEADER, s.csrfToken()));
                    case WRONG -> out.add(new Header(Guard.CSRF_HEADER, s.csrfToken() + "0"));
                    case MISSING -> {}
                }
                yield out;
            }
            case Who.Token t -> {
                String value = h.accounts
                        .addToken(user(t.persona()), "props", t.scope(), Optional.empty())
                        .value();
                yield List.of(new Header("Authorization", "Bearer " + value));
            }
        };
    }

    private static User user(Persona p) {
        return h.user(p.user, p.role, p.teams);
    }

    /**
     * Whether the access table lets {@code who} call {@code route}, as in {@link AccessTest}: write
     * routes are all monitor routes, aimed at the finance team's monitor. One more rule: a token of
     * someone else (the victim's) is no one's to revoke through {@code /me/tokens}.
     */
    static boolean allowed(Route route, Who who) {
        Access.Need need = Access.of(route);
        if (need == Access.Need.PUBLIC) {
            return true;
        }
        if (need == Access.Need.INTEGRATION) {
            // Only an integration's credential opens these, and the harness configures none here.
            return false;
        }
        boolean change = route.method() != HandlerType.GET;
        if (route.path().equals("/api/v1/me/tokens/{kid}")) {
            return false;
        }
        return switch (who) {
            case Who.Anonymous a -> false;
            case Who.Garbage g -> false;
            case Who.Bootstrap b -> need != Access.Need.SESSION;
            case Who.Browser b -> (!change || b.csrf() == Csrf.SENT) && byRole(need, b.persona(), Scope.ADMIN);
            case Who.Token t -> need != Access.Need.SESSION && byRole(need, t.persona(), t.scope());
        };
    }

    private static boolean byRole(Access.Need need, Persona p, Scope scope) {
        Scope level = switch (p.role) {
            case VIEWER -> Scope.READ;
            case RESPONDER -> Scope.WRITE;
            case ADMIN -> Scope.ADMIN;
        };
        level = level.compareTo(scope) <= 0 ? level : scope;
        return switch (need) {
            case PUBLIC, SIGNED_IN, SESSION, READ -> true;
            case WRITE -> level.compareTo(Scope.WRITE) >= 0 && (p == Persona.ADMIN || p == Persona.RESPONDER);
            case ADMIN -> level == Scope.ADMIN;
            case INTEGRATION -> false;
        };
    }

    // ---- the world every call meets

    private static long victimToken;
    private static String ownPassword;

    /**
     * The hash of a password the cast chose themselves. An account is made with a one-time password,
     * and a session still under one is sent to change it (a page answers 303 to the password page, the
     * API 403) before any check of role or team runs: the cast would never meet the checks this class
     * is about. Hashed once: Argon2 takes a while.
     */
    private static String ownPassword() {
        if (ownPassword == null) {
            ownPassword = dev.vitals.accounts.Passwords.hash("a persona's own password");
        }
        return ownPassword;
    }

    /** Puts back what earlier calls deleted or changed, so that every call meets the same world. */
    private static void fixtures() {
        for (Persona p : Persona.values()) {
            User u = user(p);
            if (u.disabled() || u.role() != p.role) {
                h.accounts.updateUser(u.name(), p.role, p.teams, false);
            }
            if (u.mustChangePassword()) {
                h.accounts.store().setPassword(u.uid(), ownPassword(), false, Optional.empty(), h.clock.instant());
            }
        }
        if (h.registry.get(MONITOR).isEmpty()) {
            h.registry.create("""
                    {"id": "fin-web", "kind": "http", "url": "http://127.0.0.1:9/", "labels": {"team": "finance"}}
                    """);
        }
        User victim = h.user("victim", Role.VIEWER, List.of("finance"));
        h.accounts.store().addTeam("spare", h.clock.instant());
        victimToken = h.accounts.tokensOf(victim).stream()
                .filter(t -> t.revokedAt().isEmpty())
                .findFirst()
                .map(t -> t.kid())
                .orElseGet(() -> h.accounts
                        .addToken(victim, "fixture", Scope.READ, Optional.empty())
                        .token()
                        .kid());
    }

    /** The route's path with its parameters filled in with the fixtures. */
    private static String path(Route r) {
        return r.path()
                .replace("{id}", MONITOR)
                .replace("{kid}", Long.toString(victimToken))
                .replace("/users/{name}", "/users/victim")
                .replace("/teams/{name}", "/teams/spare")
                .replace("/maintenances/{name}", "/maintenances/spare")
                .replace("/receivers/{name}", "/receivers/spare")
                .replace("{key}", "4f8a2c1e-7d3b-4e9a-b6c5-0a1b2c3d4e5f")
                .replace("{action}", "fail")
                .replace("{file}", "vitals.css");
    }

    // ---- sending

    private static RawHttp.Reply send(
            String method, String target, List<Header> headers, Optional<String> contentType, Optional<byte[]> body) {
        // A raw CR or LF would end the request line itself: that is another request's framing, not a
        // path, and Jetty may close the connection halfway through its refusal. Sent percent-encoded.
        RawHttp.Request r = raw.request(method, target.replace("\r", "%0D").replace("\n", "%0A"));
        headers.forEach(kv -> r.header(kv.name(), kv.value()));
        contentType.ifPresent(ct -> r.header("Content-Type", ct));
        byte[] bytes = body.map(r::body).orElseGet(r::bytes);
        try {
            return raw.exchange(method, bytes, PROMPTLY.multipliedBy(5));
        } catch (IOException e) {
            throw new UncheckedIOException("no answer to " + method + " " + HostileInput.shown(target), e);
        }
    }

    /** No 5xx and nothing that looks like a stack trace or the server's insides. */
    private static void assertSafe(RawHttp.Reply r, String what) {
        assertThat(r.status())
                .as("%s answered %s: %s", what, r.status(), HostileInput.shown(r.body()))
                .isLessThan(500);
        for (String leak : HostileInput.LEAKS) {
            assertThat(r.body()).as("%s answered with %s", what, leak).doesNotContain(leak);
        }
        if (r.status() >= 400) {
            // Pages answer errors as pages, in words; everything else as problem details.
            assertThat(r.contentType())
                    .as("%s answered %s: %s", what, r.status(), HostileInput.shown(r.body()))
                    .startsWith(
                            isPage(what) && r.contentType().startsWith("text/html")
                                    ? "text/html"
                                    : isPagerDuty(what) && !r.contentType().startsWith(ApiServer.PROBLEM_JSON)
                                            ? "application/json"
                                            // Pings answer in healthchecks.io's plain words.
                                            : isPing(what) && r.contentType().startsWith("text/plain")
                                                    ? "text/plain"
                                                    : ApiServer.PROBLEM_JSON);
            if (isPagerDuty(what) && r.contentType().startsWith("application/json")) {
                assertThat(r.body()).as(what).contains("\"status\":\"invalid event\"");
            }
        }
    }

    /** Whether the request described by {@code what} ("METHOD /path ...") is a job's ping. */
    private static boolean isPing(String what) {
        String[] parts = what.split(" ", 3);
        return parts.length > 1 && parts[1].startsWith("/ping/");
    }

    /** Whether the request described by {@code what} ("METHOD /path ...") is for a page, not the API. */
    private static boolean isPage(String what) {
        String[] parts = what.split(" ", 3);
        String path = parts.length > 1 ? parts[1] : "";
        String lower = path.toLowerCase(java.util.Locale.ROOT);
        // A path with dot segments may normalise to a page ("/health/.." is "/").
        boolean dots = lower.contains("..") || lower.contains("%2e");
        int q = path.indexOf('?');
        return dots || dev.vitals.web.Pages.serves(q < 0 ? path : path.substring(0, q));
    }

    /** Whether {@code what} is a POST to PagerDuty's route, which refuses events in PagerDuty's shape. */
    private static boolean isPagerDuty(String what) {
        String[] parts = what.split(" ", 3);
        // The path as requested, query and all: "/v2/enqueue?limit=-1" is still the PagerDuty route.
        return parts.length > 1 && parts[0].equals("POST") && parts[1].split("\\?", 2)[0].equals("/v2/enqueue");
    }

    /** Refused: an error, or (for a page) a redirect to the sign-in page. */
    private static boolean refused(RawHttp.Reply r) {
        return r.status() >= 400
                || (r.status() == 303 && r.header("location").orElse("").startsWith("/login"));
    }

    private static Optional<byte[]> bodyFor(HandlerType m, HostileInput.Body b) {
        return m == HandlerType.POST || m == HandlerType.PUT ? Optional.of(b.bytes()) : Optional.empty();
    }

    // ---- 1. hostile JSON

    @Provide
    Arbitrary<Route> changeRoutes() {
        return Arbitraries.of(h.server.routes().stream()
                .filter(r -> r.method() == HandlerType.POST || r.method() == HandlerType.PUT)
                .toList());
    }

    @Provide
    Arbitrary<HostileInput.Body> bodies() {
        return HostileInput.body();
    }

    @Provide
    Arbitrary<Who> writers() {
        return Arbitraries.of(new Who.Bootstrap(), new Who.Browser(Persona.RESPONDER, Csrf.SENT));
    }

    @Property(tries = 300)
    void hostileJsonIsAnsweredWithAProblemNeverAServerError(
            @ForAll("changeRoutes") Route route, @ForAll("bodies") HostileInput.Body body, @ForAll("writers") Who who) {
        fixtures();
        RawHttp.Reply r = send(
                route.method().name(),
                path(route),
                credentials(who),
                Optional.of("application/json"),
                Optional.of(body.bytes()));
        String what = Access.key(route) + " as " + who;
        assertSafe(r, what);
        if (r.status() < 300) {
            whatWasAcceptedCanBeReadBack(what);
        }
    }

    /**
     * Whatever a change stored, however odd its text, every list still shows, and the monitors the
     * API stored are read back the same at the next start.
     */
    private static void whatWasAcceptedCanBeReadBack(String after) {
        for (String list : List.of(
                "/api/v1/monitors",
                "/api/v1/users",
                "/api/v1/teams",
                "/api/v1/tokens",
                "/api/v1/audit",
                "/api/v1/flips")) {
            RawHttp.Reply r = send("GET", list, credentials(new Who.Bootstrap()), Optional.empty(), Optional.empty());
            assertThat(r.status())
                    .as("GET %s after %s: %s", list, after, HostileInput.shown(r.body()))
                    .isEqualTo(200);
        }
        MonitorRegistry restarted = new MonitorRegistry(h.db, h.clock);
        restarted.loadApiMonitors();
        assertThat(restarted.all().stream().map(Monitor::toString).sorted().toList())
                .as("the monitors read back after %s", after)
                .isEqualTo(h.registry.all().stream()
                        .map(Monitor::toString)
                        .sorted()
                        .toList());
    }

    // ---- 2. hostile headers

    @Provide
    Arbitrary<Route> routes() {
        return Arbitraries.of(h.server.routes());
    }

    /** Credentials that prove nothing, and now and then real ones, so that odd headers reach the handlers. */
    @Provide
    Arbitrary<Who> anyone() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(new Who.Anonymous())),
                Tuple.of(3, HostileHttp.garbageAuthorization().map(v -> (Who) new Who.Garbage("Authorization", v))),
                Tuple.of(3, HostileHttp.garbageCookie().map(v -> (Who) new Who.Garbage("Cookie", v))),
                Tuple.of(1, Arbitraries.just(new Who.Bootstrap())),
                Tuple.of(1, Arbitraries.of(Csrf.class).map(c -> (Who) new Who.Browser(Persona.ADMIN, c))));
    }

    @Provide
    Arbitrary<List<Header>> extraHeaders() {
        Arbitrary<Header> header = Arbitraries.frequencyOf(
                Tuple.of(3, HostileHttp.contentType().map(v -> new Header("Content-Type", v))),
                Tuple.of(2, HostileHttp.headerText().map(v -> new Header(Guard.CSRF_HEADER, v))),
                Tuple.of(1, HostileHttp.headerText().map(v -> new Header("Accept", v))),
                Tuple.of(1, HostileHttp.headerText().map(v -> new Header("X-Forwarded-For", v))),
                Tuple.of(1, HostileHttp.headerText().map(v -> new Header("Origin", v))),
                Tuple.of(1, HostileHttp.headerText().map(v -> new Header("Accept-Charset", v))),
                Tuple.of(1, HostileHttp.headerText().map(v -> new Header("Content-Encoding", v))),
                Tuple.of(
                        1,
                        Combinators.combine(
                                        Arbitraries.strings()
                                                .ascii()
                                                .ofMinLength(1)
                                                .ofMaxLength(20),
                                        HostileHttp.headerText())
                                .as((n, v) -> new Header(n, v))));
        return header.list().ofMaxSize(4);
    }

    @Property(tries = 300)
    void hostileHeadersNeverBreakTheServerNorLetAnyoneIn(
            @ForAll("routes") Route route,
            @ForAll("anyone") Who who,
            @ForAll("extraHeaders") List<Header> extra,
            @ForAll("formsOrJson") HostileInput.Body body) {
        fixtures();
        List<Header> headers = new ArrayList<>(credentials(who));
        headers.addAll(extra);
        RawHttp.Reply r =
                send(route.method().name(), path(route), headers, Optional.empty(), bodyFor(route.method(), body));
        String what = Access.key(route) + " as " + who + " with " + extra;
        assertSafe(r, what);
        boolean provesNothing = who instanceof Who.Anonymous || who instanceof Who.Garbage;
        if (provesNothing && Access.of(route) != Access.Need.PUBLIC) {
            assertThat(refused(r))
                    .as("%s answered %s: %s", what, r.status(), HostileInput.shown(r.body()))
                    .isTrue();
        }
    }

    @Provide
    Arbitrary<HostileInput.Body> formsOrJson() {
        return HostileHttp.formOrJson();
    }

    // ---- 3. hostile paths and queries

    @Provide
    Arbitrary<String> targets() {
        return HostileHttp.target(
                h.server.routes().stream().map(Route::path).distinct().toList());
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just("GET")),
                Tuple.of(4, Arbitraries.of("POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "TRACE", "CONNECT")),
                Tuple.of(1, Arbitraries.of("FOO", "get", "GET\u0000", "G\u00c9T", "-", "PRI")));
    }

    @Provide
    Arbitrary<Who> pathCallers() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(new Who.Bootstrap())),
                Tuple.of(2, Arbitraries.just(new Who.Anonymous())),
                Tuple.of(1, Arbitraries.just(new Who.Browser(Persona.ADMIN, Csrf.SENT))));
    }

    /** How much of a request's head Jetty reads (its default, which Vitals keeps). */
    private static final int JETTY_HEAD_LIMIT = 8 * 1024;

    @Property(tries = 400)
    void hostilePathsAndQueriesNeverBreakTheServer(
            @ForAll("methods") String method,
            @ForAll("targets") String target,
            @ForAll("pathCallers") Who who,
            @ForAll("bodies") HostileInput.Body body) {
        fixtures();
        boolean withBody = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        String what = method + " " + HostileInput.shown(target) + " as " + who;
        RawHttp.Reply r;
        try {
            r = send(
                    method,
                    target,
                    credentials(who),
                    Optional.of("application/json"),
                    withBody ? Optional.of(body.bytes()) : Optional.empty());
        } catch (UncheckedIOException e) {
            // The request line and headers, roughly as sent (Host, Connection and Content-Type too).
            int head = target.getBytes(StandardCharsets.UTF_8).length
                    + 128
                    + credentials(who).stream()
                            .mapToInt(kv -> kv.name().length() + kv.value().getBytes(StandardCharsets.UTF_8).length + 4)
                            .sum();
            if (head < JETTY_HEAD_LIMIT) {
                throw e;
            }
            // A request head longer than Jetty reads is refused (414 or 431) and the connection closed
            // while the client may still be sending, which can end the exchange before the refusal
            // is read (Jetty's own test of this, jetty/jetty.project#2237). The server must still serve.
            RawHttp.Reply after = send("GET", "/health", List.of(), Optional.empty(), Optional.empty());
            assertThat(after.status()).as("the server after %s", what).isEqualTo(200);
            return;
        }
        assertSafe(r, what);
        if (who instanceof Who.Anonymous && r.status() < 300) {
            // Only /health, the sign-in page and its stylesheet answer anyone, however the path is written.
            boolean health = List.of("{\"status\":\"ok\"}", "").contains(r.body());
            boolean signIn = r.contentType().startsWith("text/html") && r.body().contains("action=\"/login\"");
            boolean stylesheet = r.contentType().startsWith("text/css");
            assertThat(health || signIn || stylesheet)
                    .as("%s answered %s: %s", what, r.status(), HostileInput.shown(r.body()))
                    .isTrue();
        }
    }

    @Provide
    Arbitrary<String> queries() {
        return Combinators.combine(
                        Arbitraries.of(
                                "/api/v1/monitors/" + MONITOR + "/results",
                                "/api/v1/monitors/" + MONITOR + "/availability",
                                "/api/v1/flips",
                                "/api/v1/audit"),
                        HostileHttp.query(true))
                .as((p, q) -> p + q);
    }

    /** The routes that read query parameters, with an id that exists, so that every parameter is read. */
    @Property(tries = 400)
    void junkInQueryParametersIsABadRequest(@ForAll("queries") String target) {
        RawHttp.Reply r = send("GET", target, credentials(new Who.Bootstrap()), Optional.empty(), Optional.empty());
        String what = "GET " + HostileInput.shown(target);
        assertSafe(r, what);
        // An answer, a parameter named as wrong, (availability) no results yet, or a query too long
        // for Jetty to read: nothing else.
        assertThat(r.status()).as("%s: %s", what, HostileInput.shown(r.body())).isIn(200, 400, 404, 414, 431);
    }

    // ---- 4. never a change without permission

    /** A call the access table does not allow. */
    record Call(Route route, Who who, Payload payload) {}

    /** A body and its Content-Type. */
    record Payload(String contentType, HostileInput.Body body) {
        static Payload json(HostileInput.Body body) {
            return new Payload("application/json", body);
        }

        @Override
        public String toString() {
            return contentType + ", " + body;
        }
    }

    private static final String FORM = "application/x-www-form-urlencoded";
    /** The console's form for a silence of the finance team's alerts, as a browser sends it. */
    private static final String SILENCE_FORM = "matchers=team%3D%22finance%22&duration=2h&comment=sneaky";

    private static final String SILENCE_JSON =
            "{\"matchers\": [\"team=finance\"], \"duration\": \"2h\", \"comment\": \"sneaky\"}";

    /** A body that would change something, were the caller allowed. */
    private static String wouldChange(Route r) {
        return switch (Access.key(r)) {
            case "POST /api/v1/monitors" ->
                "{\"id\": \"sneaky\", \"kind\": \"http\", \"url\": \"http://127.0.0.1:9/\", \"labels\": {\"team\": \"finance\"}}";
            case "PUT /api/v1/monitors/{id}" ->
                "{\"kind\": \"tcp\", \"host\": \"127.0.0.1\", \"port\": 10, \"labels\": {\"team\": \"finance\"}}";
            case "PUT /api/v1/me/password" -> "{\"current\": \"\", \"new\": \"a much longer sneaky password\"}";
            case "PUT /api/v1/me/totp" -> "{\"secret\": \"JBSWY3DPEHPK3PXP\", \"code\": \"123456\"}";
            case "DELETE /api/v1/me/totp" -> "{\"password\": \"\"}";
            case "POST /api/v1/me/tokens" -> "{\"name\": \"sneaky\", \"scope\": \"admin\"}";
            case "POST /api/v1/users" -> "{\"name\": \"sneaky\", \"role\": \"admin\"}";
            case "PUT /api/v1/users/{name}" -> "{\"role\": \"admin\", \"teams\": [\"it\"], \"disabled\": true}";
            case "POST /api/v1/teams" -> "{\"name\": \"sneaky\"}";
            case "POST /api/v1/silences" -> SILENCE_JSON;
            default -> "{}";
        };
    }

    /**
     * What {@link #wouldChange} sends, as the route reads it: a page reads a form, not JSON, so a JSON
     * body there would only ever be an empty form.
     */
    private static Payload wouldChangeAsSent(Route r) {
        return switch (Access.key(r)) {
            case "POST /silences" -> new Payload(FORM, HostileInput.Body.of(SILENCE_FORM));
            default -> Payload.json(HostileInput.Body.of(wouldChange(r)));
        };
    }

    @Provide
    Arbitrary<Call> forbiddenCalls() {
        Arbitrary<Who> who = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(new Who.Anonymous())),
                Tuple.of(2, HostileHttp.garbageAuthorization().map(v -> (Who) new Who.Garbage("Authorization", v))),
                Tuple.of(1, HostileHttp.garbageCookie().map(v -> (Who) new Who.Garbage("Cookie", v))),
                Tuple.of(
                        4,
                        Combinators.combine(Arbitraries.of(Persona.class), Arbitraries.of(Csrf.class))
                                .as((p, c) -> (Who) new Who.Browser(p, c))),
                Tuple.of(
                        3,
                        Combinators.combine(Arbitraries.of(Persona.class), Arbitraries.of(Scope.class))
                                .as((p, s) -> (Who) new Who.Token(p, s))));
        return Arbitraries.of(h.server.routes())
                .flatMap(r -> Combinators.combine(
                                who,
                                Arbitraries.frequencyOf(
                                        Tuple.of(3, Arbitraries.just(wouldChangeAsSent(r))),
                                        Tuple.of(1, HostileInput.body().map(Payload::json))))
                        .as((w, b) -> new Call(r, w, b)))
                .filter(c -> !allowed(c.route(), c.who()));
    }

    @Property(tries = 250)
    void aCallerWithoutPermissionChangesNothing(@ForAll("forbiddenCalls") Call call) {
        fixtures();
        List<Header> credentials = credentials(call.who());
        Map<String, List<String>> before = h.snapshot();
        RawHttp.Reply r = send(
                call.route().method().name(),
                path(call.route()),
                credentials,
                Optional.of(call.payload().contentType()),
                bodyFor(call.route().method(), call.payload().body()));
        String what = Access.key(call.route()) + " as " + call.who();
        assertSafe(r, what);
        assertThat(refused(r) && r.status() < 500)
                .as("%s answered %s: %s", what, r.status(), HostileInput.shown(r.body()))
                .isTrue();
        assertThat(h.snapshot()).as(what).isEqualTo(before);
    }

    /**
     * Regression: the cast's browser sessions were still under the one-time passwords their accounts
     * are made with, so a page answered every change they posted with a 303 to the password page, and
     * the API refused every call with a 403 for that, before any check of role or team ran. The
     * property read that redirect as a change made. Otto, of team it, asking for a silence of the
     * finance team's alerts is refused by the team check, in the page and in the API.
     */
    @Example
    void aResponderOfAnotherTeamIsRefusedByTheTeamCheckNotSentToChangeTheirPassword() {
        fixtures();
        List<Header> otto = credentials(new Who.Browser(Persona.OTHER_TEAM, Csrf.SENT));
        Map<String, List<String>> before = h.snapshot();

        RawHttp.Reply page = send(
                "POST",
                "/silences",
                otto,
                Optional.of(FORM),
                Optional.of(HostileInput.Body.of(SILENCE_FORM).bytes()));
        RawHttp.Reply api = send(
                "POST",
                "/api/v1/silences",
                otto,
                Optional.of("application/json"),
                Optional.of(HostileInput.Body.of(SILENCE_JSON).bytes()));

        assertThat(page.status()).as(HostileInput.shown(page.body())).isEqualTo(403);
        assertThat(page.body()).contains("only alerts of their own teams (it)");
        assertThat(api.status()).as(HostileInput.shown(api.body())).isEqualTo(403);
        assertThat(api.body()).contains("only alerts of their own teams (it)");
        assertThat(h.snapshot()).isEqualTo(before);
    }

    /**
     * The silences forbidden calls ask for are real ones: sent by the finance team's responder, they
     * are made. Were they refused for some other reason, the property would prove nothing about them.
     */
    @Example
    void theSilenceAForbiddenCallAsksForIsMadeWhenTheFinanceResponderAsks() {
        for (String key : List.of("POST /silences", "POST /api/v1/silences")) {
            fixtures();
            Route route = h.server.routes().stream()
                    .filter(r -> Access.key(r).equals(key))
                    .findFirst()
                    .orElseThrow();
            Payload payload = wouldChangeAsSent(route);
            List<Header> rita = credentials(new Who.Browser(Persona.RESPONDER, Csrf.SENT));
            List<String> before = h.snapshot().get("SELECT * FROM silences");

            RawHttp.Reply r = send(
                    "POST",
                    path(route),
                    rita,
                    Optional.of(payload.contentType()),
                    Optional.of(payload.body().bytes()));

            assertThat(r.status())
                    .as("%s: %s", key, HostileInput.shown(r.body()))
                    .isIn(201, 303);
            assertThat(refused(r)).as(key).isFalse();
            assertThat(h.snapshot().get("SELECT * FROM silences")).as(key).hasSize(before.size() + 1);
        }
    }

    // ---- 5. oversized requests

    @Provide
    Arbitrary<Who> senders() {
        return Arbitraries.of(new Who.Anonymous(), new Who.Bootstrap(), new Who.Browser(Persona.ADMIN, Csrf.SENT));
    }

    @Provide
    Arbitrary<Long> oversized() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(Params.MAX_BODY + 1L)),
                Tuple.of(1, Arbitraries.just(50_000_000L)),
                Tuple.of(2, Arbitraries.longs().between(Params.MAX_BODY + 1L, 1L << 40)));
    }

    @Property(tries = 40)
    void aBodyDeclaredOverOneMebibyteIsRefusedBeforeItIsSent(
            @ForAll("routes") Route route, @ForAll("senders") Who who, @ForAll("oversized") long declared)
            throws IOException {
        fixtures();
        RawHttp.Request req = raw.request(route.method().name(), path(route));
        credentials(who).forEach(kv -> req.header(kv.name(), kv.value()));
        req.header("Content-Type", "application/json");
        Map<String, List<String>> before = h.snapshot();
        // Only the first bytes are sent: a server that waited for the rest would not answer in time.
        RawHttp.Reply r = raw.exchange(
                route.method().name(),
                req.declaring(declared, "{\"name\": \"".getBytes(StandardCharsets.UTF_8)),
                PROMPTLY);
        String what = Access.key(route) + " as " + who + " declaring " + declared + " bytes";
        assertThat(r.status())
                .as("%s answered %s: %s", what, r.status(), HostileInput.shown(r.body()))
                .isEqualTo(413);
        assertThat(r.contentType())
                .as(what)
                .startsWith(
                        isPage(what) ? "text/html" : isPagerDuty(what) ? "application/json" : ApiServer.PROBLEM_JSON);
        assertThat(h.snapshot()).as(what).isEqualTo(before);
    }

    @Example
    void aChunkedBodyOverOneMebibyteIsRefusedAndNothingIsStored() throws IOException {
        fixtures();
        Map<String, List<String>> before = h.snapshot();
        for (String key : List.of(
                "POST /api/v1/monitors", "PUT /api/v1/monitors/{id}", "POST /api/v1/teams", "POST /api/v1/users")) {
            Route route = h.server.routes().stream()
                    .filter(r -> Access.key(r).equals(key))
                    .findFirst()
                    .orElseThrow();
            // Valid JSON that would be stored, were it not padded with spaces past the limit.
            String json = wouldChange(route);
            byte[] body = (json.substring(0, json.length() - 1) + " ".repeat(Params.MAX_BODY) + "}")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] bytes = raw.request(route.method().name(), path(route))
                    .header("Authorization", "Bearer " + ApiHarness.BOOTSTRAP)
                    .header("Content-Type", "application/json")
                    .chunked(body, 16 * 1024);
            RawHttp.Reply r = raw.exchange(route.method().name(), bytes, PROMPTLY);
            assertThat(r.status())
                    .as("%s: %s", key, HostileInput.shown(r.body()))
                    .isEqualTo(413);
            assertThat(r.contentType()).startsWith(ApiServer.PROBLEM_JSON);
        }
        assertThat(h.snapshot()).isEqualTo(before);
    }
}

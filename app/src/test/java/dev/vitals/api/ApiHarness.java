package dev.vitals.api;

import dev.vitals.accounts.AccountStore;
import dev.vitals.accounts.Accounts;
import dev.vitals.accounts.Audit;
import dev.vitals.accounts.LoginThrottle;
import dev.vitals.accounts.Role;
import dev.vitals.accounts.SecuritySettings;
import dev.vitals.accounts.User;
import dev.vitals.evaluation.Evaluator;
import dev.vitals.monitors.Monitor;
import dev.vitals.monitors.MonitorRegistry;
import dev.vitals.results.Availability;
import dev.vitals.results.LatestResults;
import dev.vitals.results.Retention;
import dev.vitals.store.Database;
import dev.vitals.testkit.SettableClock;
import dev.vitals.testkit.TestDatabases;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The real API server in-process, with the real accounts, registry and store (SQLite in a temporary
 * folder) but no checks running: for tests of who may do what through every route.
 */
public final class ApiHarness implements AutoCloseable {
    public static final String BOOTSTRAP = "harness-bootstrap-token-0123456789";

    public final SettableClock clock = SettableClock.at("2026-11-24T10:00:00Z");
    public final TestDatabases.Handle handle;
    public final Database db;
    public final MonitorRegistry registry;
    public final Accounts accounts;
    public final ApiServer server;
    public final Evaluator evaluator;
    public final LatestResults latest = new LatestResults();
    public final dev.vitals.board.Board board;
    /** Alerting as the server has it, with the configuration tests set (nobody to notify at first). */
    public volatile dev.vitals.alerting.AlertingSettings alerting = dev.vitals.alerting.AlertingSettings.NONE;

    public final dev.vitals.notify.Outbox outbox;
    public final dev.vitals.alerting.AlertPipeline pipeline;
    /** Receivers and routes of the API (and of a file the test gives with {@code useFile}). */
    public final dev.vitals.alerting.AlertingConfig receivers;
    /** Push monitors: tests put monitors with keys here and ping them through /ping/{key}. */
    public final dev.vitals.push.PushMonitors push;

    public final dev.vitals.push.GroupCommit<dev.vitals.push.Ping> pings;
    /** What the integration routes handed to the alert pipeline. */
    public final dev.vitals.testkit.RecordingIntake intake = new dev.vitals.testkit.RecordingIntake();
    /** The integrations the routes know: add some to send alerts in; read at every request. */
    public final List<dev.vitals.alerting.Integration> integrations = new java.util.concurrent.CopyOnWriteArrayList<>();

    public final dev.vitals.silences.Silences silences;
    public final dev.vitals.maintenance.Maintenances maintenances;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ApiHarness(Path dir) {
        this(dir, Optional.empty());
    }

    public ApiHarness(Path dir, Optional<SecuritySettings.Oidc> oidc) {
        this(dir, oidc, List.of());
    }

    public ApiHarness(Path dir, Optional<SecuritySettings.Oidc> oidc, List<dev.vitals.checks.Cidr> trustedProxies) {
        this(dir, oidc, trustedProxies, false);
    }

    /** An API in demo mode ({@code vitals demo}): the demo user exists and visitors of pages are signed in as it. */
    public static ApiHarness demo(Path dir) {
        return new ApiHarness(dir, Optional.empty(), List.of(), true);
    }

    private ApiHarness(
            Path dir, Optional<SecuritySettings.Oidc> oidc, List<dev.vitals.checks.Cidr> trustedProxies, boolean demo) {
        handle = TestDatabases.open("sqlite", dir);
        db = handle.open();
        registry = new MonitorRegistry(db, clock);
        AccountStore store = new AccountStore(db);
        accounts = new Accounts(
                store,
                clock,
                SecuritySettings.Sessions.DEFAULT,
                Optional.of(BOOTSTRAP),
                LoginThrottle.standard(clock),
                demo);
        if (demo) {
            accounts.addDemoUser();
        }
        evaluator = new Evaluator(clock);
        board = new dev.vitals.board.Board(clock);
        evaluator.addSink(latest::accept);
        evaluator.addSink(board::accept);
        outbox = new dev.vitals.notify.Outbox(db, clock, dev.vitals.notify.Backoff.standard());
        // Not started: tests run its rounds with pipeline.runOnce().
        pipeline = new dev.vitals.alerting.AlertPipeline(
                new dev.vitals.alerting.AlertStore(db),
                outbox,
                () -> alerting,
                registry::get,
                () -> List.copyOf(registry.all()),
                evaluator::status,
                List.of(),
                new dev.vitals.alerting.Channels(dev.vitals.notify.HttpPost.client(), clock)::render,
                () -> java.net.URI.create("http://127.0.0.1"),
                clock,
                () -> {});
        evaluator.addSink(pipeline::accept);
        silences = new dev.vitals.silences.Silences(new dev.vitals.silences.SilenceStore(db), clock);
        maintenances = new dev.vitals.maintenance.Maintenances(new dev.vitals.maintenance.MaintenanceStore(db), clock);
        Audit audit = new Audit(store, clock);
        receivers = new dev.vitals.alerting.AlertingConfig(new dev.vitals.alerting.ReceiverStore(db), clock);
        receivers.useFile(dev.vitals.alerting.AlertingSettings.NONE);
        push = new dev.vitals.push.PushMonitors(clock, evaluator::accept);
        pings = new dev.vitals.push.GroupCommit<dev.vitals.push.Ping>(
                        "test-pings", new dev.vitals.push.PingStore(db)::insert, 1000, 100)
                .start();
        SilenceRoutes silenceRoutes = new SilenceRoutes(silences, audit, this::candidates);
        MaintenanceRoutes maintenanceRoutes = new MaintenanceRoutes(maintenances, audit, this::candidates, clock);
        PingRoutes pingRoutes = new PingRoutes(
                push, pings, new dev.vitals.push.PingLimiter(clock, dev.vitals.push.PingLimiter.STANDARD), clock);
        server = new ApiServer(
                db,
                registry,
                evaluator,
                latest,
                new Availability(db, clock, Retention.Keep.DEFAULT),
                clock,
                () -> Map.of("status", "ok"),
                out -> {},
                accounts,
                audit,
                SecuritySettings.Sessions.DEFAULT,
                dev.vitals.checks.NetworkGuard.denying(SecuritySettings.DEFAULT_DENY),
                oidc,
                trustedProxies,
                board,
                new dev.vitals.results.Series(db, clock, Retention.Keep.DEFAULT),
                pipeline,
                outbox,
                silenceRoutes,
                maintenanceRoutes,
                new dev.vitals.push.PushViews(push, new dev.vitals.push.PingStore(db), this::base),
                routes(
                        new AlertRoutes(pipeline, outbox).routes(),
                        new IntegrationRoutes(() -> List.copyOf(integrations), intake, clock).routes(),
                        silenceRoutes.routes(),
                        maintenanceRoutes.routes(),
                        new ReceiverRoutes(receivers, audit).routes(),
                        pingRoutes.routes()));
        server.serveFirst(pingRoutes.fastPath(trustedProxies));
        server.start("127.0.0.1", 0);
    }

    @SafeVarargs
    private static List<Route> routes(List<Route>... groups) {
        List<Route> all = new java.util.ArrayList<>();
        for (List<Route> g : groups) {
            all.addAll(g);
        }
        return all;
    }

    /** What previews choose from: the registry's monitors, with the labels their alerts carry. */
    public List<dev.vitals.silences.Candidate> candidates() {
        return registry.all().stream()
                .sorted(Comparator.comparing(Monitor::id))
                .map(m -> {
                    Map<String, String> labels = new LinkedHashMap<>(m.labels());
                    labels.put("monitor", m.id());
                    labels.put("alertname", "monitor_down");
                    return new dev.vitals.silences.Candidate("monitor", m.id(), m.name(), labels);
                })
                .toList();
    }

    public User user(String name, Role role, List<String> teams) {
        return accounts.store()
                .user(name)
                .orElseGet(() -> accounts.addUser(name, role, teams).user());
    }

    /**
     * A browser session of a user who has set their own password (else every call but changing it is
     * refused), made with the given role and teams when there is no such user yet.
     */
    public As.Browser signedIn(String name, Role role, List<String> teams) {
        User u = user(name, role, teams);
        accounts.store()
                .setPassword(
                        u.uid(),
                        dev.vitals.accounts.Passwords.hash("a persona's own password"),
                        false,
                        Optional.empty(),
                        clock.instant());
        return session(u);
    }

    /** How a request proves who sends it. */
    public sealed interface As {
        record Nobody() implements As {}

        record Bearer(String token) implements As {}

        /** A browser session: its cookie, and the CSRF token sent with changes unless {@code csrf} is false. */
        record Browser(String cookie, String csrfToken, boolean csrf) implements As {}
    }

    /** A fresh browser session of {@code u}, without going through the password (no Argon2 per request). */
    public As.Browser session(User u) {
        Accounts.SignIn.Ok ok = accounts.startSession(u, "127.0.0.1");
        return new As.Browser(ok.cookie(), ok.session().csrf(), true);
    }

    public record Answer(int status, String contentType, String body, java.net.http.HttpHeaders headers) {}

    public Answer send(String method, String path, Optional<String> body, As as) {
        return send(method, path, body, as, Map.of());
    }

    public Answer send(String method, String path, Optional<String> body, As as, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(20))
                .method(
                        method,
                        body.map(HttpRequest.BodyPublishers::ofString).orElse(HttpRequest.BodyPublishers.noBody()));
        body.ifPresent(x -> b.header("Content-Type", "application/json"));
        // Set, not added: a form post replaces the JSON content type above.
        headers.forEach(b::setHeader);
        switch (as) {
            case As.Nobody n -> {}
            case As.Bearer t -> b.header("Authorization", "Bearer " + t.token());
            case As.Browser s -> {
                b.header("Cookie", Accounts.SESSION_COOKIE + "=" + s.cookie());
                if (s.csrf()) {
                    b.header("X-CSRF-Token", s.csrfToken());
                }
            }
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(
                    r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r.headers());
        } catch (IOException e) {
            throw new IllegalStateException("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Everything a change through the API could touch: the registry's monitors and every row of the
     * tables the API writes, each table's rows in a stable order. Two snapshots are equal when nothing
     * changed, except when an API token was last used: every call with a token writes that, allowed or not.
     */
    public Map<String, List<String>> snapshot() {
        Map<String, List<String>> s = new LinkedHashMap<>();
        s.put(
                "registry",
                registry.all().stream()
                        .sorted(Comparator.comparing(Monitor::id))
                        .map(Monitor::toString)
                        .toList());
        for (String q : List.of(
                "SELECT * FROM monitors",
                "SELECT * FROM users",
                "SELECT * FROM teams",
                "SELECT * FROM team_members",
                "SELECT kid, uid, name, prefix, hash, scope, created_at, expires_at, revoked_at FROM api_tokens",
                "SELECT * FROM sessions",
                "SELECT * FROM silences",
                "SELECT * FROM maintenances",
                "SELECT * FROM audit")) {
            s.put(q, db.read(c -> rows(c, q)));
        }
        return s;
    }

    private static List<String> rows(Connection c, String query) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(query)) {
            List<String> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(rs.getString(i)).append('|');
                }
                out.add(row.toString());
            }
            out.sort(Comparator.naturalOrder());
            return out;
        }
    }

    @Override
    public void close() {
        server.close();
        pings.close();
        db.close();
        handle.close();
    }

    /** Where this server is reached, as ping URLs show it. */
    private java.net.URI base() {
        return java.net.URI.create("http://127.0.0.1:" + server.port());
    }
}

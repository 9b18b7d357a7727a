package dev.vitals.api;

import dev.vitals.accounts.Accounts;
import dev.vitals.accounts.Audit;
import dev.vitals.accounts.SecuritySettings;
import dev.vitals.checks.NetworkGuard;
import dev.vitals.evaluation.Evaluator;
import dev.vitals.monitors.MonitorRegistry;
import dev.vitals.results.Availability;
import dev.vitals.results.LatestResults;
import dev.vitals.store.Database;
import dev.vitals.web.Pages;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: every route of Vitals in one table, errors as RFC 9457 problem details, and no
 * stack trace ever in a response.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    public static final String PROBLEM_JSON = "application/problem+json";

    private final Javalin javalin;
    private final List<Route> routes;
    // Set by start, read by Jetty while starting: the one connector, plain or TLS, on this address.
    private String host = "127.0.0.1";
    private int port;
    private Optional<Tls> tls = Optional.empty();
    private final Pages pages;
    private final List<org.eclipse.jetty.server.Handler.Wrapper> ahead = new ArrayList<>();

    public ApiServer(
            Database db,
            MonitorRegistry registry,
            Evaluator evaluator,
            LatestResults latest,
            Availability availability,
            InstantSource clock,
            Supplier<Map<String, Object>> health,
            SystemRoutes.MetricsPage metrics,
            Accounts accounts,
            Audit audit,
            SecuritySettings.Sessions sessions,
            NetworkGuard networkGuard,
            Optional<SecuritySettings.Oidc> oidc,
            List<dev.vitals.checks.Cidr> trustedProxies,
            dev.vitals.board.Board board,
            dev.vitals.results.Series series,
            dev.vitals.alerting.AlertPipeline alerts,
            dev.vitals.notify.Outbox outbox,
            SilenceRoutes silences,
            MaintenanceRoutes maintenances,
            dev.vitals.push.PushViews push,
            List<Route> more) {
        this.routes = new ArrayList<>();
        routes.addAll(new MonitorRoutes(registry, evaluator, latest, audit, networkGuard, push).routes());
        routes.addAll(new AccountRoutes(accounts, audit, clock, sessions).routes());
        routes.addAll(new SsoRoutes(oidc, accounts, audit, clock, sessions).routes());
        routes.addAll(new ResultRoutes(db, registry, availability, clock).routes());
        routes.addAll(new SystemRoutes(health::get, metrics).routes());
        // Routes of the capabilities assembled in App (alerts, silences, integrations).
        routes.addAll(more);
        this.pages = new Pages(
                accounts,
                audit,
                clock,
                sessions,
                oidc.map(SecuritySettings.Oidc::buttonLabel),
                new dev.vitals.web.ConsoleSources(
                        db,
                        registry,
                        id -> evaluator.status(id),
                        id -> latest.get(id),
                        board,
                        availability,
                        series,
                        alerts,
                        outbox,
                        push),
                silences,
                maintenances);
        routes.addAll(pages.routes());
        this.javalin = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.concurrency.useVirtualThreads = true;
            cfg.http.maxRequestSize = Params.MAX_BODY;
            cfg.http.prefer405over404 = true;
            cfg.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            Guard guard = new Guard(accounts);
            cfg.jetty.addConnector(this::connector);
            cfg.jetty.modifyServer(server -> {
                server.setErrorHandler(new JettyErrors());
                // Handlers put ahead of Javalin (the pings' fast path): each passes on what it does
                // not answer, and Javalin's own handler goes in at the end of the chain.
                ahead.forEach(server::insertHandler);
            });
            cfg.routes.before(SecurityHeaders::apply);
            cfg.routes.before(ctx -> ctx.attribute(Client.ATTRIBUTE, Client.of(ctx, trustedProxies)));
            for (Route r : routes) {
                cfg.routes.addHttpHandler(r.method(), r.path(), guard.wrap(r, Access.of(r), r.handler()));
                if (r.method() == io.javalin.http.HandlerType.GET) {
                    // HEAD is GET without the body, under the same rule: left to the server, it would
                    // answer 200 to anyone.
                    cfg.routes.addHttpHandler(
                            io.javalin.http.HandlerType.HEAD, r.path(), guard.wrap(r, Access.of(r), r.handler()));
                }
            }
            cfg.routes.exception(ApiException.class, (e, ctx) -> answer(ctx, e));
            cfg.routes.exception(
                    HttpResponseException.class,
                    (e, ctx) -> answer(
                            ctx,
                            new ApiException(
                                    e.getStatus(),
                                    reason(e.getStatus()),
                                    e.getMessage(),
                                    Optional.empty(),
                                    List.of())));
            cfg.routes.exception(dev.vitals.store.StoreException.class, (e, ctx) -> {
                // The database is away: the answer says so and when to try again, not "internal error".
                LOG.warn(
                        "request {} {} needs the database, which is unreachable: {}",
                        ctx.method(),
                        ctx.path(),
                        e.getMessage());
                ctx.header("Retry-After", "10");
                answer(
                        ctx,
                        new ApiException(
                                503,
                                "Service unavailable",
                                "the database is unreachable; checks go on and results wait in memory; try again shortly",
                                Optional.empty(),
                                List.of()));
            });
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("request {} {} failed", ctx.method(), ctx.path(), e);
                answer(
                        ctx,
                        new ApiException(
                                500,
                                "Internal error",
                                "Vitals could not answer this request; the log has the details",
                                Optional.empty(),
                                List.of()));
            });
            cfg.routes.error(404, ctx -> {
                if (!answered(ctx) && ctx.path().startsWith("/ping/")) {
                    PingRoutes.answer(ctx, 404, "not found");
                } else if (!answered(ctx)) {
                    answer(
                            ctx,
                            new ApiException(
                                    404, "Not found", "no such path: " + ctx.path(), Optional.empty(), List.of()));
                }
            });
            cfg.routes.error(
                    405,
                    ctx -> answer(
                            ctx,
                            new ApiException(
                                    405,
                                    "Method not allowed",
                                    ctx.method() + " is not allowed on " + ctx.path(),
                                    Optional.empty(),
                                    List.of())));
        });
    }

    /**
     * Puts {@code handler} ahead of the routes, to answer some requests before Javalin sees them and
     * pass on the rest. Only before {@link #start}.
     */
    public void serveFirst(org.eclipse.jetty.server.Handler.Wrapper handler) {
        ahead.add(handler);
    }

    /** The route table, for tests that compare it with the OpenAPI document. */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    /** Serves plain HTTP on {@code host:port}. */
    public void start(String host, int port) {
        start(host, port, Optional.empty());
    }

    /** Serves HTTPS only on {@code host:port} when {@code tls} is given, else plain HTTP. */
    public void start(String host, int port, Optional<Tls> tls) {
        this.host = host;
        this.port = port;
        this.tls = tls;
        javalin.start();
    }

    private ServerConnector connector(Server server, HttpConfiguration http) {
        ServerConnector connector = tls.map(t -> t.connector(server, http))
                .orElseGet(() -> new ServerConnector(server, new HttpConnectionFactory(http)));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    public int port() {
        return javalin.port();
    }

    @Override
    public void close() {
        pages.close();
        javalin.stop();
    }

    /** Problem details for the API; for a page, a sign-in redirect or an error page in words. */
    private void answer(Context ctx, ApiException e) {
        if (Pages.serves(ctx.path())) {
            pages.refuse(ctx, e);
        } else {
            problem(ctx, e);
        }
    }

    /** Whether a 404 was answered already (by a handler that threw), rather than found no route. */
    private static boolean answered(Context ctx) {
        String ct = ctx.res().getContentType();
        // Pings answer in healthchecks.io's plain words ("not found"), which cron wrappers read.
        return ctx.attribute(PingRoutes.ANSWERED) != null
                || (ct != null && (ct.startsWith(PROBLEM_JSON) || ct.startsWith("text/html")));
    }

    static void problem(Context ctx, ApiException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", e.title());
        body.put("status", e.status());
        body.put("detail", e.getMessage());
        e.field().ifPresent(f -> body.put("field", f));
        if (!e.problems().isEmpty()) {
            body.put(
                    "errors",
                    e.problems().stream()
                            .map(p -> {
                                Map<String, Object> m = new LinkedHashMap<>();
                                m.put("field", p.path());
                                m.put("message", p.message());
                                if (p.location().line() > 0) {
                                    m.put("line", p.location().line());
                                    m.put("column", p.location().column());
                                }
                                return m;
                            })
                            .toList());
        }
        if (e.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"vitals\"");
        }
        ctx.status(e.status()).contentType(PROBLEM_JSON).result(Json.write(body));
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Invalid request";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 413 -> "Content too large";
            case 503 -> "Service unavailable";
            default -> "Error";
        };
    }
}

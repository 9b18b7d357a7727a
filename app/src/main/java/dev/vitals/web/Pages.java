package dev.vitals.web;

import dev.vitals.accounts.AccountException;
import dev.vitals.accounts.Accounts;
import dev.vitals.accounts.Audit;
import dev.vitals.accounts.Caller;
import dev.vitals.accounts.SecuritySettings;
import dev.vitals.api.ApiException;
import dev.vitals.api.Guard;
import dev.vitals.api.Route;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pages of Vitals, as the server sees them: their routes, and how a refused or failed request to a
 * page is answered. A browser is not an API client: where the API answers 401 with problem details, a
 * page sends the visitor to sign in and back; where the API answers 403 or 404, a page says so in
 * words, in a page with the navigation.
 */
public final class Pages {
    static final String LOGIN = "/login";
    /** Where signing in leads: the overview. */
    static final String HOME = "/";

    static final String ACCOUNT = "/account";
    static final String PASSWORD = "/account/password";

    private static final Logger LOG = LoggerFactory.getLogger(Pages.class);
    /** What a user who signed in with a one-time password may still do before choosing their own. */
    private static final Set<String> BEFORE_PASSWORD_CHANGE =
            Set.of("GET " + PASSWORD, "POST " + PASSWORD, "POST /logout", "GET " + LOGIN, "POST " + LOGIN);

    private final Html html;
    private final List<Route> routes;
    private final LiveUpdates live;

    /**
     * @param ssoLabel the words of the single sign-on button of the sign-in page, when OpenID Connect is
     *     set up
     */
    public Pages(
            Accounts accounts,
            Audit audit,
            InstantSource clock,
            SecuritySettings.Sessions sessions,
            Optional<String> ssoLabel,
            ConsoleSources console,
            dev.vitals.api.SilenceRoutes silences,
            dev.vitals.api.MaintenanceRoutes maintenances) {
        Assets assets = new Assets();
        this.html = new Html(assets, accounts.demo());
        List<Route> all = new ArrayList<>(assets.routes());
        all.addAll(new SignInPages(accounts, audit, clock, sessions, ssoLabel, html).routes());
        AccountPages account = new AccountPages(accounts, audit, clock, html);
        all.addAll(account.routes());
        all.addAll(new SecondFactorPages(accounts, audit, account, html).routes());
        all.addAll(new UserAdminPages(accounts, audit, html).routes());
        all.addAll(new TeamAdminPages(accounts, audit, html).routes());
        all.addAll(new AuditPages(accounts, html).routes());
        dev.vitals.board.Overview overview = new dev.vitals.board.Overview(
                () -> console.registry().all(), console.status(), console.board(), console.latest(), clock::instant);
        all.addAll(new ConsolePages(
                        html,
                        console.db(),
                        console.registry(),
                        overview,
                        console.availability(),
                        console.series(),
                        console.latest(),
                        clock,
                        new JobViews(console.push()))
                .routes());
        all.addAll(new AlertPages(html, console.alerts(), console.outbox(), clock).routes());
        all.addAll(new SilencePages(html, silences, clock).routes());
        all.addAll(new MaintenancePages(html, maintenances, clock).routes());
        this.live = new LiveUpdates(console.board(), overview, console.registry(), clock);
        all.addAll(live.routes());
        this.routes = all.stream().map(Pages::passwordFirst).toList();
    }

    public List<Route> routes() {
        return routes;
    }

    /** Ends the live streams of open pages, so that the server can stop without waiting for them. */
    public void close() {
        live.close();
    }

    /** Whether a path is a page (answered in HTML) rather than the API, metrics, health or pings. */
    public static boolean serves(String path) {
        return !(path.startsWith("/api/")
                || path.equals("/api")
                || path.equals("/metrics")
                || path.equals("/health")
                || path.startsWith("/v2/")
                || path.startsWith("/ping/"));
    }

    /**
     * Answers a request to a page that was refused or failed: an anonymous visitor is sent to sign in
     * (and brought back after, for a GET), anything else gets an error page in words.
     */
    public void refuse(Context ctx, ApiException e) {
        try {
            if (e.status() == 401) {
                String back = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
                Optional<String> next = ctx.method().name().equals("GET")
                        ? SignInPages.localPath(back).filter(p -> !p.equals(HOME))
                        : Optional.empty();
                Html.seeOther(
                        ctx,
                        LOGIN + next.map(n -> "?next=" + SignInPages.encode(n)).orElse(""));
                return;
            }
            Caller c = Guard.caller(ctx);
            html.render(
                    ctx,
                    e.status(),
                    "error.jte",
                    new ErrorPage(
                            html.frame(ctx, e.title()),
                            e.status(),
                            e.title(),
                            Format.sentence(e.getMessage()),
                            !c.signedIn()));
        } catch (RuntimeException failed) {
            // The error page itself failed: say it plainly rather than not at all.
            LOG.error("could not render the error page for {} {}", ctx.method(), ctx.path(), failed);
            Html.headers(ctx);
            ctx.status(e.status()).contentType("text/plain; charset=utf-8").result(e.title() + ": " + e.getMessage());
        }
    }

    /**
     * A user who signed in with a one-time password goes to the password page first, wherever they
     * were headed: the one-time password was seen by whoever handed it over.
     */
    private static Route passwordFirst(Route r) {
        if (BEFORE_PASSWORD_CHANGE.contains(r.method().name() + " " + r.path())
                || r.path().startsWith("/assets/")) {
            return r;
        }
        Handler h = r.handler();
        return new Route(r.method(), r.path(), ctx -> {
            Caller c = Guard.caller(ctx);
            if (c.via() == Caller.Via.SESSION
                    && c.user().map(u -> u.mustChangePassword()).orElse(false)) {
                Html.seeOther(ctx, Notice.ONE_TIME_PASSWORD.on(PASSWORD));
                return;
            }
            h.handle(ctx);
        });
    }

    static int status(AccountException e) {
        return switch (e.kind()) {
            case INVALID -> 422;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case FORBIDDEN -> 403;
        };
    }

    static Message problem(AccountException e) {
        return Message.problem(Format.sentence(e.getMessage()));
    }
}

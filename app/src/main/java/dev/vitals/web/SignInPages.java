package dev.vitals.web;

import dev.vitals.accounts.Accounts;
import dev.vitals.accounts.Audit;
import dev.vitals.accounts.Caller;
import dev.vitals.accounts.Secrets;
import dev.vitals.accounts.SecuritySettings;
import dev.vitals.api.Client;
import dev.vitals.api.Cookies;
import dev.vitals.api.Guard;
import dev.vitals.api.Route;
import dev.vitals.api.Sessions;
import dev.vitals.api.SsoRoutes;
import io.javalin.http.Context;
import io.javalin.http.SameSite;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Signing in with a name and password (and a second-factor code when the account has one), and
 * signing out.
 *
 * <p>The sign-in form is protected against login CSRF (another site signing a browser in to an
 * account of the attacker's) by a double-submit cookie: GET /login sets a random {@value
 * #CSRF_COOKIE} cookie and puts the same value in the form; POST /login accepts only a form that
 * echoes the cookie. Another site can make a browser post a form, but can neither read nor set that
 * cookie.
 */
final class SignInPages {
    static final String CSRF_COOKIE = "vitals_login_csrf";
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final int CSRF_COOKIE_SECONDS = (int) Duration.ofHours(12).toSeconds();
    /** The most of {@code ?sso_error=} the page shows: the reasons Vitals writes there are far shorter. */
    static final int SSO_ERROR_LENGTH = 300;

    private final Accounts accounts;
    private final Audit audit;
    private final InstantSource clock;
    private final SecuritySettings.Sessions settings;
    private final Optional<String> ssoLabel;
    private final Html html;

    SignInPages(
            Accounts accounts,
            Audit audit,
            InstantSource clock,
            SecuritySettings.Sessions settings,
            Optional<String> ssoLabel,
            Html html) {
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
        this.settings = settings;
        this.ssoLabel = ssoLabel;
        this.html = html;
    }

    List<Route> routes() {
        return List.of(
                Route.get("/login", this::form),
                Route.post("/login", this::signIn),
                Route.post("/logout", this::signOut));
    }

    private void form(Context ctx) {
        Optional<String> next = localPath(ctx.queryParam("next"));
        if (Guard.caller(ctx).via() == Caller.Via.SESSION) {
            Html.seeOther(ctx, next.orElse(Pages.HOME));
            return;
        }
        String csrf = Optional.ofNullable(ctx.cookie(CSRF_COOKIE))
                .filter(c -> TOKEN.matcher(c).matches())
                .orElseGet(() -> newCsrfCookie(ctx));
        show(ctx, 200, csrf, "", false, next, ssoError(ssoErrorOnce(ctx)));
    }

    /** Why single sign-on failed, from the cookie {@code SsoRoutes} set; read once, then cleared. */
    private static String ssoErrorOnce(Context ctx) {
        String raw = ctx.cookie(SsoRoutes.ERROR_COOKIE);
        if (raw == null) {
            return null;
        }
        Cookies.set(ctx, SsoRoutes.ERROR_COOKIE, "", Pages.LOGIN, SameSite.LAX, 0);
        try {
            return java.net.URLDecoder.decode(raw, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Why single sign-on failed: {@code dev.vitals.api.SsoRoutes} sends the browser back here with the
     * reason in a short-lived cookie. A cookie is not as easily forged as an address, but the words are
     * still shown only as text (escaped like everything in a page), after words that say where they come from,
     * without control characters, and cut to {@value #SSO_ERROR_LENGTH} characters. Nothing else of the
     * address is shown.
     */
    static List<Message> ssoError(String reason) {
        if (reason == null) {
            return List.of();
        }
        // Control and format characters (such as right-to-left overrides) could disguise the words.
        String words = Format.cut(
                Format.sentence(reason.replaceAll("[\\p{Cc}\\p{Cf}]", " ").strip()), SSO_ERROR_LENGTH);
        return words.isEmpty() ? List.of() : List.of(Message.problem("Single sign-on did not work: " + words));
    }

    private void signIn(Context ctx) {
        Form f = Form.of(ctx);
        Optional<String> next = localPath(f.value("next"));
        String name = f.value("name").strip();
        String cookie = ctx.cookie(CSRF_COOKIE);
        String given = f.value("_csrf");
        if (cookie == null || given.isEmpty() || !Secrets.same(cookie, given)) {
            show(
                    ctx,
                    400,
                    newCsrfCookie(ctx),
                    name,
                    false,
                    next,
                    List.of(Message.problem(
                            "This sign-in form had expired, or was sent from another site. Sign in again here.")));
            return;
        }
        String password = f.value("password");
        if (name.isEmpty() || password.isEmpty()) {
            show(ctx, 422, cookie, name, false, next, List.of(Message.problem("Enter your name and your password.")));
            return;
        }
        switch (accounts.signIn(name, password, f.text("code"), Client.of(ctx).address())) {
            case Accounts.SignIn.Ok ok -> {
                Sessions.setCookie(ctx, ok.cookie(), ok.session().createdAt().plus(settings.maxAge()), clock.instant());
                audit.record(
                        ok.user().name(),
                        Optional.of(Client.of(ctx).address()),
                        "session.start",
                        Optional.of(ok.user().name()),
                        Map.of("via", "password"));
                Html.seeOther(
                        ctx,
                        ok.user().mustChangePassword()
                                ? Notice.ONE_TIME_PASSWORD.on(Pages.PASSWORD)
                                : next.orElse(Pages.HOME));
            }
            case Accounts.SignIn.Refused no ->
                show(ctx, 422, cookie, name, false, next, List.of(Message.problem(Format.sentence(no.reason()))));
            case Accounts.SignIn.NeedsCode code -> {
                boolean wrong = f.text("code").isPresent();
                show(
                        ctx,
                        wrong ? 422 : 200,
                        cookie,
                        name,
                        true,
                        next,
                        List.of(
                                wrong
                                        ? Message.problem(Format.sentence(code.reason()))
                                        : Message.note("Your account has a second factor: enter your password again"
                                                + " with the 6-digit code from your authenticator app.")));
            }
            case Accounts.SignIn.Throttled t -> {
                long minutes = Math.max(1, (t.retryAfter().toSeconds() + 59) / 60);
                ctx.header(
                        "Retry-After", Long.toString(Math.max(1, t.retryAfter().toSeconds())));
                show(
                        ctx,
                        429,
                        cookie,
                        name,
                        false,
                        next,
                        List.of(Message.problem("Too many failed sign-ins. Wait " + minutes
                                + (minutes == 1 ? " minute" : " minutes") + " and try again.")));
            }
        }
    }

    private void signOut(Context ctx) {
        Caller c = Guard.caller(ctx);
        c.session().ifPresent(accounts::signOut);
        Sessions.clearCookie(ctx);
        audit.record(c, Optional.of(Client.of(ctx).address()), "session.end", Optional.of(c.name()), Map.of());
        Html.seeOther(ctx, Notice.SIGNED_OUT.on(Pages.LOGIN));
    }

    private void show(
            Context ctx,
            int status,
            String csrf,
            String name,
            boolean askCode,
            Optional<String> next,
            List<Message> messages) {
        Optional<Link> sso = ssoLabel.map(label -> new Link(
                "/auth/oidc/start" + next.map(n -> "?next=" + encode(n)).orElse(""), label, false));
        html.render(
                ctx,
                status,
                "login.jte",
                new LoginPage(html.frame(ctx, "Sign in", messages), csrf, name, askCode, next.orElse(""), sso));
    }

    private static String newCsrfCookie(Context ctx) {
        String value = Secrets.token("");
        // Strict: the form posts to its own site only; nothing else ever needs this cookie.
        Cookies.set(ctx, CSRF_COOKIE, value, Pages.LOGIN, SameSite.STRICT, CSRF_COOKIE_SECONDS);
        return value;
    }

    static Optional<String> localPath(String next) {
        return Cookies.localPath(next);
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

package dev.vitals.api;

import dev.vitals.accounts.Accounts;
import dev.vitals.accounts.Audit;
import dev.vitals.accounts.Secrets;
import dev.vitals.accounts.SecuritySettings;
import dev.vitals.accounts.oidc.OidcClient;
import dev.vitals.accounts.oidc.OidcFailure;
import dev.vitals.accounts.oidc.OidcIdentity;
import dev.vitals.accounts.oidc.OidcRedirect;
import dev.vitals.accounts.oidc.PendingLogin;
import io.javalin.http.Context;
import io.javalin.http.SameSite;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Single sign-on with OpenID Connect: {@code /auth/oidc/start} sends the browser to the provider,
 * {@code /auth/oidc/callback} takes it back, checks everything and starts a session. What must be
 * kept between the two (state, nonce, PKCE verifier) stays on the server, found by a short-lived
 * HttpOnly cookie of this browser.
 */
public final class SsoRoutes {
    static final String COOKIE = "vitals_sso";
    private static final int MAX_PENDING = 10_000;

    private record Waiting(PendingLogin pending, String next, String address) {}

    /** Sign-ins one address may have waiting at the provider at once. */
    private static final int PER_ADDRESS = 20;

    private final Optional<OidcClient> client;
    private final Optional<SecuritySettings.Oidc> settings;
    private final Accounts accounts;
    private final Audit audit;
    private final InstantSource clock;
    private final SecuritySettings.Sessions sessions;
    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();

    SsoRoutes(
            Optional<SecuritySettings.Oidc> settings,
            Accounts accounts,
            Audit audit,
            InstantSource clock,
            SecuritySettings.Sessions sessions) {
        this.settings = settings;
        this.client = settings.map(s -> new OidcClient(s, clock));
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
        this.sessions = sessions;
    }

    List<Route> routes() {
        return List.of(Route.get("/auth/oidc/start", this::start), Route.get("/auth/oidc/callback", this::callback));
    }

    private void start(Context ctx) {
        OidcClient c = client.orElseThrow(() -> ApiException.notFound("single sign-on is not configured"));
        switch (c.begin(redirectUri(ctx))) {
            case OidcRedirect r -> {
                forgetExpired();
                String address = Client.of(ctx).address();
                // One address cannot fill the table and keep everybody else from signing in.
                if (waiting.values().stream()
                                .filter(w -> w.address().equals(address))
                                .count()
                        >= PER_ADDRESS) {
                    failed(ctx, "too many sign-ins from this address are waiting; try again in a few minutes");
                    return;
                }
                if (waiting.size() >= MAX_PENDING) {
                    forgetOldest();
                }
                String key = Secrets.token("");
                waiting.put(Secrets.sha256(key), new Waiting(r.pending(), localPath(ctx.queryParam("next")), address));
                cookie(ctx, key, (int) OidcClient.PENDING_LIFETIME.toSeconds());
                ctx.redirect(r.authorizationUrl().toString(), io.javalin.http.HttpStatus.SEE_OTHER);
            }
            case OidcFailure f -> failed(ctx, f.words());
        }
    }

    private void callback(Context ctx) {
        OidcClient c = client.orElseThrow(() -> ApiException.notFound("single sign-on is not configured"));
        String key = ctx.cookie(COOKIE);
        Waiting w = key == null || key.length() > 200 ? null : waiting.remove(Secrets.sha256(key));
        cookie(ctx, "", 0);
        if (w == null) {
            failed(ctx, "this sign-in was not started here, or took too long; please start again");
            return;
        }
        Map<String, String> query = new LinkedHashMap<>();
        ctx.queryParamMap().forEach((k, v) -> {
            if (!v.isEmpty()) {
                query.put(k, v.get(0));
            }
        });
        switch (c.complete(query, w.pending())) {
            case OidcFailure f -> failed(ctx, f.words());
            case OidcIdentity id -> {
                boolean teams =
                        settings.flatMap(SecuritySettings.Oidc::teamsClaim).isPresent();
                switch (accounts.ssoSignIn(id, teams, Client.of(ctx).address())) {
                    case Accounts.SignIn.Ok ok -> {
                        Sessions.setCookie(
                                ctx, ok.cookie(), ok.session().createdAt().plus(sessions.maxAge()), clock.instant());
                        audit.record(
                                ok.user().name(),
                                AccountRoutes.address(ctx),
                                "session.start",
                                Optional.of(ok.user().name()),
                                Map.of("via", "oidc", "role", ok.user().role().word()));
                        ctx.redirect(w.next(), io.javalin.http.HttpStatus.SEE_OTHER);
                    }
                    case Accounts.SignIn.Refused no -> failed(ctx, no.reason());
                    case Accounts.SignIn.NeedsCode n -> failed(ctx, n.reason());
                    case Accounts.SignIn.Throttled t -> failed(ctx, "too many sign-ins; try again later");
                }
            }
        }
    }

    /** The cookie that carries why single sign-on failed to the sign-in page, for a minute. */
    public static final String ERROR_COOKIE = "vitals_sso_error";

    /**
     * Back to the sign-in page, which shows why in words. The words go in a short-lived cookie only
     * this server sets, not in the address: a link from anywhere could put any words in an address.
     */
    private static void failed(Context ctx, String words) {
        Cookies.set(ctx, ERROR_COOKIE, URLEncoder.encode(words, StandardCharsets.UTF_8), "/login", SameSite.LAX, 60);
        ctx.redirect("/login", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private URI redirectUri(Context ctx) {
        return settings.flatMap(SecuritySettings.Oidc::redirectUri)
                .orElseGet(() -> URI.create(ctx.scheme() + "://" + ctx.host() + "/auth/oidc/callback"));
    }

    /** Only a path of this site, as after a password sign-in; else the start page. */
    static String localPath(String next) {
        return Cookies.localPath(next).orElse("/");
    }

    private void forgetOldest() {
        waiting.entrySet().stream()
                .min(java.util.Comparator.comparing(
                        (Map.Entry<String, Waiting> e) -> e.getValue().pending().created()))
                .ifPresent(e -> waiting.remove(e.getKey()));
    }

    private void forgetExpired() {
        Instant horizon = clock.instant().minus(OidcClient.PENDING_LIFETIME);
        waiting.values().removeIf(w -> w.pending().created().isBefore(horizon));
    }

    private static void cookie(Context ctx, String value, int maxAge) {
        // Lax: the provider sends the browser back with a top-level GET, which carries Lax cookies.
        Cookies.set(ctx, COOKIE, value, "/auth/oidc/", SameSite.LAX, maxAge);
    }
}

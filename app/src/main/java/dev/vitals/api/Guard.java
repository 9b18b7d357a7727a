package dev.vitals.api;

import dev.vitals.accounts.Accounts;
import dev.vitals.accounts.Caller;
import dev.vitals.accounts.Scope;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;
import java.util.Optional;

/**
 * Runs before every handler: finds out who is calling (bearer token or session cookie), refuses what
 * their rule does not allow before the body is read, and checks the CSRF token of every change made
 * through a browser session. Public for {@link #caller}: the routes of other packages (the web pages)
 * ask it who is calling.
 */
public final class Guard {
    static final String CALLER = "vitals.caller";
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final String CSRF_FIELD = "_csrf";

    private final Accounts accounts;

    Guard(Accounts accounts) {
        this.accounts = accounts;
    }

    /**
     * What a session still under a one-time password may do through the API: whoever handed the
     * password over has seen it, so nothing lasting (a token above all) until it is changed.
     */
    static final java.util.Set<String> BEFORE_PASSWORD_CHANGE = java.util.Set.of(
            "GET /api/v1/session", "DELETE /api/v1/session", "GET /api/v1/me", "PUT /api/v1/me/password");

    Handler wrap(Route route, Access.Need need, Handler handler) {
        String key = Access.key(route);
        boolean api = !dev.vitals.web.Pages.serves(route.path());
        return ctx -> {
            if (need == Access.Need.INTEGRATION) {
                // Another system's request: its bearer token is an integration's, which the accounts do
                // not know and must not be asked about, and the handler refuses an oversized body in
                // the sender's own dialect (PagerDuty's for /v2/enqueue) under a smaller limit.
                ctx.attribute(CALLER, Caller.ANONYMOUS);
                handler.handle(ctx);
                return;
            }
            // Refused on its declared size before anything else, so a huge body is never read.
            if (ctx.req().getContentLengthLong() > Params.MAX_BODY) {
                throw Params.tooLarge();
            }
            Caller caller;
            if (need == Access.Need.PUBLIC) {
                // A public route answers whoever asks: stale or odd credentials (a load balancer's
                // Basic auth, a cookie during a database outage) do not make it fail.
                try {
                    caller = identify(ctx);
                } catch (ApiException | dev.vitals.store.StoreException e) {
                    caller = Caller.ANONYMOUS;
                }
            } else {
                caller = identify(ctx);
                if (!api && !caller.signedIn() && ctx.method() == io.javalin.http.HandlerType.GET) {
                    caller = demoSignIn(ctx).orElse(caller);
                }
            }
            ctx.attribute(CALLER, caller);
            allow(ctx, caller, need);
            if (api
                    && caller.via() == Caller.Via.SESSION
                    && caller.user()
                            .map(dev.vitals.accounts.User::mustChangePassword)
                            .orElse(false)
                    && !BEFORE_PASSWORD_CHANGE.contains(key)) {
                throw forbidden("change the one-time password first (PUT /api/v1/me/password)");
            }
            handler.handle(ctx);
        };
    }

    /**
     * Demo mode only ({@code vitals demo}): a visitor of a page who is not signed in is signed in as the
     * demo user, a viewer, and the request goes on as theirs. Only for GET: a form posted without a
     * session has no CSRF token and stays refused. Everywhere else Accounts answers empty.
     */
    private Optional<Caller> demoSignIn(Context ctx) {
        return accounts.demoSignIn(Client.of(ctx).address()).map(ok -> {
            Sessions.setCookie(
                    ctx, ok.cookie(), ok.session().expiresAt(), ok.session().createdAt());
            return Caller.session(ok.user(), ok.session());
        });
    }

    /** Who made this request, as found before its handler ran; anonymous when nobody signed in. */
    public static Caller caller(Context ctx) {
        Caller c = ctx.attribute(CALLER);
        return c == null ? Caller.ANONYMOUS : c;
    }

    private Caller identify(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization != null) {
            String[] parts = authorization.strip().split("\\s+", 2);
            if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) {
                throw unauthorized("give a token as \"Authorization: Bearer TOKEN\"");
            }
            return accounts.bearer(parts[1].strip())
                    .orElseThrow(() -> unauthorized("the token is not valid: unknown, expired or revoked"));
        }
        String cookie = ctx.cookie(Accounts.SESSION_COOKIE);
        if (cookie != null) {
            Optional<Caller> c = accounts.session(cookie);
            if (c.isPresent()) {
                return c.get();
            }
            Sessions.clearCookie(ctx);
        }
        return Caller.ANONYMOUS;
    }

    private static void allow(Context ctx, Caller caller, Access.Need need) {
        if (need == Access.Need.PUBLIC || need == Access.Need.INTEGRATION) {
            return;
        }
        if (!caller.signedIn()) {
            throw unauthorized("sign in, or give an API token as \"Authorization: Bearer TOKEN\"");
        }
        if (caller.via() == Caller.Via.SESSION && !safe(ctx)) {
            checkCsrf(ctx, caller);
        }
        switch (need) {
            case PUBLIC, SIGNED_IN, INTEGRATION -> {}
            case SESSION -> {
                if (caller.via() != Caller.Via.SESSION) {
                    throw forbidden("this needs a signed-in browser session; API tokens cannot do it");
                }
            }
            case READ -> {}
            case WRITE -> {
                if (caller.level().compareTo(Scope.WRITE) < 0) {
                    throw forbidden(
                            caller.role().atLeast(dev.vitals.accounts.Role.RESPONDER)
                                    ? "this token is read-only"
                                    : "viewers cannot change anything; ask an admin for the responder role");
                }
            }
            case ADMIN -> {
                if (caller.level() != Scope.ADMIN) {
                    throw forbidden(
                            caller.role() == dev.vitals.accounts.Role.ADMIN
                                    ? "this needs a token with the admin scope"
                                    : "only admins can do this");
                }
            }
        }
    }

    private static boolean safe(Context ctx) {
        String m = ctx.method().name();
        return m.equals("GET") || m.equals("HEAD") || m.equals("OPTIONS");
    }

    private static void checkCsrf(Context ctx, Caller caller) {
        String expected = caller.session().orElseThrow().csrf();
        String given = ctx.header(CSRF_HEADER);
        if (given == null) {
            given = formField(ctx);
        }
        if (given == null || !dev.vitals.accounts.Secrets.same(expected, given)) {
            throw forbidden("the request has no valid CSRF token (header " + CSRF_HEADER + " or form field "
                    + CSRF_FIELD + "); reload the page and try again");
        }
    }

    /** The CSRF field of a form, or null; a form Vitals cannot decode has none. */
    private static String formField(Context ctx) {
        List<String> v = Params.form(ctx).get(CSRF_FIELD);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    static ApiException unauthorized(String detail) {
        return new ApiException(401, "Unauthorized", detail, Optional.empty(), List.of());
    }

    static ApiException forbidden(String detail) {
        return new ApiException(403, "Forbidden", detail, Optional.empty(), List.of());
    }
}

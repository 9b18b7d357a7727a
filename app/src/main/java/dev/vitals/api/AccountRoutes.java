package dev.vitals.api;

import dev.vitals.accounts.AccountException;
import dev.vitals.accounts.Accounts;
import dev.vitals.accounts.ApiToken;
import dev.vitals.accounts.Audit;
import dev.vitals.accounts.AuditEntry;
import dev.vitals.accounts.Caller;
import dev.vitals.accounts.Role;
import dev.vitals.accounts.Scope;
import dev.vitals.accounts.SecuritySettings;
import dev.vitals.accounts.User;
import dev.vitals.config.Durations;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Signing in and out, one's own account (password, second factor, tokens) and, for admins, users,
 * teams, everyone's tokens and the audit log. Every change is written to the audit log.
 */
final class AccountRoutes {
    private final Accounts accounts;
    private final Audit audit;
    private final InstantSource clock;
    private final SecuritySettings.Sessions sessionSettings;

    AccountRoutes(Accounts accounts, Audit audit, InstantSource clock, SecuritySettings.Sessions sessionSettings) {
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
        this.sessionSettings = sessionSettings;
    }

    List<Route> routes() {
        return List.of(
                Route.post("/api/v1/session", this::signIn),
                Route.get("/api/v1/session", this::currentSession),
                Route.delete("/api/v1/session", this::signOut),
                Route.get("/api/v1/me", this::me),
                Route.put("/api/v1/me/password", this::changePassword),
                Route.post("/api/v1/me/totp", this::beginTotp),
                Route.put("/api/v1/me/totp", this::confirmTotp),
                Route.delete("/api/v1/me/totp", this::removeTotp),
                Route.get("/api/v1/me/tokens", this::myTokens),
                Route.post("/api/v1/me/tokens", this::addToken),
                Route.delete("/api/v1/me/tokens/{kid}", this::revokeMyToken),
                Route.get("/api/v1/users", this::users),
                Route.post("/api/v1/users", this::addUser),
                Route.get("/api/v1/users/{name}", this::user),
                Route.put("/api/v1/users/{name}", this::updateUser),
                Route.delete("/api/v1/users/{name}", this::deleteUser),
                Route.post("/api/v1/users/{name}/password", this::resetPassword),
                Route.delete("/api/v1/users/{name}/totp", this::resetTotp),
                Route.get("/api/v1/teams", this::teams),
                Route.post("/api/v1/teams", this::addTeam),
                Route.delete("/api/v1/teams/{name}", this::deleteTeam),
                Route.get("/api/v1/tokens", this::allTokens),
                Route.delete("/api/v1/tokens/{kid}", this::revokeAnyToken),
                Route.get("/api/v1/audit", this::auditLog));
    }

    // ---- session

    private void signIn(Context ctx) {
        if (!Params.contentType(ctx).startsWith("application/json")) {
            // A cross-site form cannot send JSON: requiring it keeps other sites from signing a browser in.
            throw new ApiException(
                    415, "Unsupported media type", "send the sign-in as application/json", Optional.empty(), List.of());
        }
        Bodies b = Bodies.of(ctx, Set.of("name", "password", "code"));
        String name = b.required("name");
        String password = b.required("password");
        Accounts.SignIn r =
                accounts.signIn(name, password, b.text("code"), Client.of(ctx).address());
        switch (r) {
            case Accounts.SignIn.Ok ok -> {
                Sessions.setCookie(
                        ctx, ok.cookie(), ok.session().createdAt().plus(sessionSettings.maxAge()), clock.instant());
                audit.record(
                        ok.user().name(),
                        address(ctx),
                        "session.start",
                        Optional.of(ok.user().name()),
                        Map.of("via", "password"));
                ctx.json(sessionView(ok.user(), ok.session().csrf()));
            }
            case Accounts.SignIn.Refused no -> throw Guard.unauthorized(no.reason());
            case Accounts.SignIn.NeedsCode code ->
                throw new ApiException(401, "Second factor needed", code.reason(), Optional.of("code"), List.of());
            case Accounts.SignIn.Throttled t -> {
                ctx.header(
                        "Retry-After", Long.toString(Math.max(1, t.retryAfter().toSeconds())));
                throw new ApiException(
                        429,
                        "Too many attempts",
                        "too many failed sign-ins; try again in " + Durations.human(t.retryAfter()),
                        Optional.empty(),
                        List.of());
            }
        }
    }

    private void currentSession(Context ctx) {
        Caller c = Guard.caller(ctx);
        User u = c.user().orElse(null);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", c.name());
        v.put("role", c.role().word());
        v.put("via", c.via().name().toLowerCase(java.util.Locale.ROOT));
        v.put("teams", c.teams());
        v.put("csrf_token", c.session().map(s -> s.csrf()).orElse(null));
        v.put("must_change_password", u != null && u.mustChangePassword());
        ctx.json(v);
    }

    private void signOut(Context ctx) {
        Caller c = Guard.caller(ctx);
        c.session().ifPresent(accounts::signOut);
        Sessions.clearCookie(ctx);
        audit.record(c, address(ctx), "session.end", Optional.of(c.name()), Map.of());
        ctx.status(204);
    }

    // ---- one's own account

    private void me(Context ctx) {
        Caller c = Guard.caller(ctx);
        Map<String, Object> v = c.user().map(AccountRoutes::userView).orElseGet(LinkedHashMap::new);
        v.put("name", c.name());
        v.put("role", c.role().word());
        v.put("access", c.level().word());
        ctx.json(v);
    }

    private void changePassword(Context ctx) {
        Caller c = Guard.caller(ctx);
        Bodies b = Bodies.of(ctx, Set.of("current", "new"));
        String current = b.text("current").orElse("");
        String next = b.required("new");
        act(() -> accounts.changePassword(c.user().orElseThrow(), current, next, c.session()));
        audit.record(c, address(ctx), "user.password", Optional.of(c.name()), Map.of());
        ctx.status(204);
    }

    private void beginTotp(Context ctx) {
        Caller c = Guard.caller(ctx);
        Accounts.Enrolment e = accounts.beginSecondFactor(c.user().orElseThrow());
        ctx.json(Map.of(
                "secret", e.secret(),
                "uri", e.uri(),
                "next", "add it to an authenticator app, then PUT /api/v1/me/totp with the secret and a code"));
    }

    private void confirmTotp(Context ctx) {
        Caller c = Guard.caller(ctx);
        Bodies b = Bodies.of(ctx, Set.of("secret", "code"));
        String secret = b.required("secret");
        String code = b.required("code");
        act(() -> accounts.confirmSecondFactor(c.user().orElseThrow(), secret, code));
        audit.record(c, address(ctx), "user.second_factor", Optional.of(c.name()), Map.of("set", true));
        ctx.status(204);
    }

    private void removeTotp(Context ctx) {
        Caller c = Guard.caller(ctx);
        Bodies b = Bodies.of(ctx, Set.of("code", "password"));
        Optional<String> code = b.text("code");
        Optional<String> password = b.text("password");
        act(() -> accounts.removeSecondFactor(c.user().orElseThrow(), code, password));
        audit.record(c, address(ctx), "user.second_factor", Optional.of(c.name()), Map.of("set", false));
        ctx.status(204);
    }

    private void resetTotp(Context ctx) {
        Caller c = Guard.caller(ctx);
        User u = act(() -> accounts.require(ctx.pathParam("name")));
        act(() -> accounts.resetSecondFactor(u.name()));
        audit.record(c, address(ctx), "user.second_factor_reset", Optional.of(u.name()), Map.of());
        ctx.status(204);
    }

    private void myTokens(Context ctx) {
        Caller c = Guard.caller(ctx);
        List<ApiToken> tokens = c.user().map(accounts::tokensOf).orElse(List.of());
        ctx.json(Map.of("tokens", tokens.stream().map(this::tokenView).toList()));
    }

    private void addToken(Context ctx) {
        Caller c = Guard.caller(ctx);
        Bodies b = Bodies.of(ctx, Set.of("name", "scope", "expires_in"));
        String name = b.required("name");
        Scope scope = b.text("scope")
                .map(s -> Scope.parse(s)
                        .orElseThrow(() -> ApiException.badRequest(
                                "scope", "scope must be read, write or admin, not \"" + s + "\"")))
                .orElse(Scope.READ);
        if (scope.compareTo(c.level()) > 0) {
            throw ApiException.badRequest(
                    "scope", "a " + c.role().word() + " cannot make a token with scope " + scope.word());
        }
        Optional<Duration> lifetime = b.text("expires_in")
                .map(s -> Durations.parse(s)
                        .filter(d -> d.compareTo(Duration.ofHours(1)) >= 0 && d.compareTo(Duration.ofDays(3650)) <= 0)
                        .orElseThrow(() -> ApiException.badRequest(
                                "expires_in", "expires_in must be a duration from 1h to 3650d, such as 90d")));
        Accounts.NewToken t = act(() -> accounts.addToken(c.user().orElseThrow(), name, scope, lifetime));
        audit.record(
                c,
                address(ctx),
                "token.create",
                Optional.of(t.token().prefix()),
                Map.of("name", name, "scope", scope.word()));
        Map<String, Object> v = tokenView(t.token());
        v.put("token", t.value());
        ctx.status(201).json(v);
    }

    private void revokeMyToken(Context ctx) {
        Caller c = Guard.caller(ctx);
        long kid = kid(ctx);
        if (c.user().isEmpty()) {
            throw ApiException.notFound("no token with id " + kid);
        }
        ApiToken t = act(() -> accounts.revokeToken(kid, c.user()));
        audit.record(c, address(ctx), "token.revoke", Optional.of(t.prefix()), Map.of("name", t.name()));
        ctx.status(204);
    }

    // ---- administration

    private void users(Context ctx) {
        ctx.json(Map.of(
                "users",
                accounts.store().users().stream().map(AccountRoutes::userView).toList()));
    }

    private void user(Context ctx) {
        ctx.json(userView(act(() -> accounts.require(ctx.pathParam("name")))));
    }

    private void addUser(Context ctx) {
        Caller c = Guard.caller(ctx);
        Bodies b = Bodies.of(ctx, Set.of("name", "role", "teams"));
        String name = b.required("name");
        Role role = role(b.text("role").orElse("viewer"));
        List<String> teams = b.strings("teams").orElse(List.of());
        Accounts.NewUser u = act(() -> accounts.addUser(name, role, teams));
        audit.record(
                c,
                address(ctx),
                "user.create",
                Optional.of(u.user().name()),
                Map.of("role", role.word(), "teams", u.user().teams()));
        Map<String, Object> v = userView(u.user());
        v.put("one_time_password", u.oneTimePassword());
        ctx.status(201).header("Location", "/api/v1/users/" + u.user().name()).json(v);
    }

    private void updateUser(Context ctx) {
        Caller c = Guard.caller(ctx);
        User before = act(() -> accounts.require(ctx.pathParam("name")));
        Bodies b = Bodies.of(ctx, Set.of("name", "role", "teams", "disabled"));
        b.text("name").filter(n -> !n.equalsIgnoreCase(before.name())).ifPresent(n -> {
            throw ApiException.badRequest("name", "a user cannot be renamed; make a new user instead");
        });
        Role role = b.text("role").map(AccountRoutes::role).orElse(before.role());
        List<String> teams = b.strings("teams").orElse(List.copyOf(before.teams()));
        boolean disabled = b.bool("disabled").orElse(before.disabled());
        User after = act(() -> accounts.updateUser(before.name(), role, teams, disabled));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("role", Map.of("from", before.role().word(), "to", after.role().word()));
        d.put("teams", Map.of("from", before.teams(), "to", after.teams()));
        d.put("disabled", Map.of("from", before.disabled(), "to", after.disabled()));
        audit.record(c, address(ctx), "user.update", Optional.of(after.name()), d);
        ctx.json(userView(after));
    }

    private void deleteUser(Context ctx) {
        Caller c = Guard.caller(ctx);
        String name = ctx.pathParam("name");
        User u = act(() -> accounts.require(name));
        act(() -> accounts.deleteUser(u.name()));
        audit.record(c, address(ctx), "user.delete", Optional.of(u.name()), Map.of());
        ctx.status(204);
    }

    private void resetPassword(Context ctx) {
        Caller c = Guard.caller(ctx);
        User u = act(() -> accounts.require(ctx.pathParam("name")));
        String password = act(() -> accounts.resetPassword(u.name()));
        audit.record(c, address(ctx), "user.password_reset", Optional.of(u.name()), Map.of());
        ctx.json(Map.of("name", u.name(), "one_time_password", password));
    }

    private void teams(Context ctx) {
        List<Map<String, Object>> teams = accounts.store().members().entrySet().stream()
                .map(e -> Map.<String, Object>of("name", e.getKey(), "members", e.getValue()))
                .toList();
        ctx.json(Map.of("teams", teams));
    }

    private void addTeam(Context ctx) {
        Caller c = Guard.caller(ctx);
        String name = Bodies.of(ctx, Set.of("name")).required("name");
        act(() -> accounts.addTeam(name));
        String t = Accounts.checkTeam(name);
        audit.record(c, address(ctx), "team.create", Optional.of(t), Map.of());
        ctx.status(201).json(Map.of("name", t, "members", List.of()));
    }

    private void deleteTeam(Context ctx) {
        Caller c = Guard.caller(ctx);
        String name = ctx.pathParam("name");
        act(() -> accounts.deleteTeam(name));
        audit.record(c, address(ctx), "team.delete", Optional.of(name), Map.of());
        ctx.status(204);
    }

    private void allTokens(Context ctx) {
        ctx.json(Map.of(
                "tokens",
                accounts.store().allTokens().stream().map(this::tokenView).toList()));
    }

    private void revokeAnyToken(Context ctx) {
        Caller c = Guard.caller(ctx);
        long kid = kid(ctx);
        ApiToken t = act(() -> accounts.revokeToken(kid, Optional.empty()));
        audit.record(
                c,
                address(ctx),
                "token.revoke",
                Optional.of(t.prefix()),
                Map.of("name", t.name(), "user", t.userName()));
        ctx.status(204);
    }

    private void auditLog(Context ctx) {
        int limit = Params.integer(ctx, "limit", 100, 1, 10_000);
        Optional<Instant> since = Params.instant(ctx, "since");
        Optional<Long> before = Optional.ofNullable(ctx.queryParam("before")).map(s -> {
            try {
                return Long.parseLong(s.strip());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest(
                        "before", "before must be an entry id (a whole number), not \"" + s + "\"");
            }
        });
        List<AuditEntry> entries = accounts.store().auditLog(before, since, limit);
        String format = Optional.ofNullable(ctx.queryParam("format")).orElse("json");
        String accept = Optional.ofNullable(ctx.header("Accept")).orElse("");
        if (format.equals("jsonl") || accept.contains("application/x-ndjson") || accept.contains("application/jsonl")) {
            StringBuilder sb = new StringBuilder();
            for (AuditEntry e : entries) {
                sb.append(Json.write(auditView(e))).append('\n');
            }
            ctx.contentType("application/x-ndjson")
                    .header("Content-Disposition", "attachment; filename=\"vitals-audit.jsonl\"")
                    .result(sb.toString());
        } else if (format.equals("json")) {
            ctx.json(Map.of(
                    "entries", entries.stream().map(AccountRoutes::auditView).toList()));
        } else {
            throw ApiException.badRequest("format", "format must be json or jsonl, not \"" + format + "\"");
        }
    }

    // ---- views and helpers

    static Map<String, Object> userView(User u) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", u.name());
        v.put("role", u.role().word());
        v.put("teams", u.teams());
        v.put("disabled", u.disabled());
        v.put("password", u.passwordHash().isPresent() ? "set" : "not set");
        v.put("must_change_password", u.mustChangePassword());
        v.put("second_factor", u.hasSecondFactor() ? "set" : "not set");
        v.put("single_sign_on", u.oidcSubject().isPresent());
        v.put("created_at", u.createdAt());
        v.put("last_login_at", u.lastLoginAt().orElse(null));
        return v;
    }

    private Map<String, Object> tokenView(ApiToken t) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", t.kid());
        v.put("user", t.userName());
        v.put("name", t.name());
        v.put("prefix", t.prefix());
        v.put("scope", t.scope().word());
        v.put("created_at", t.createdAt());
        v.put("last_used_at", t.lastUsedAt().orElse(null));
        v.put("expires_at", t.expiresAt().orElse(null));
        v.put("revoked_at", t.revokedAt().orElse(null));
        v.put("active", t.activeAt(clock.instant()));
        return v;
    }

    private static Map<String, Object> sessionView(User u, String csrf) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", u.name());
        v.put("role", u.role().word());
        v.put("teams", u.teams());
        v.put("csrf_token", csrf);
        v.put("must_change_password", u.mustChangePassword());
        return v;
    }

    static Map<String, Object> auditView(AuditEntry e) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", e.id());
        v.put("at", e.at());
        v.put("actor", e.actor());
        v.put("action", e.action());
        v.put("target", e.target().orElse(null));
        v.put("address", e.address().orElse(null));
        v.put("detail", e.detail());
        return v;
    }

    private static Role role(String s) {
        return Role.parse(s)
                .orElseThrow(() ->
                        ApiException.badRequest("role", "role must be admin, responder or viewer, not \"" + s + "\""));
    }

    private static long kid(Context ctx) {
        String s = ctx.pathParam("kid");
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("no token with id \"" + s + "\"");
        }
    }

    static Optional<String> address(Context ctx) {
        return Optional.of(Client.of(ctx).address());
    }

    static void act(Runnable r) {
        act(() -> {
            r.run();
            return null;
        });
    }

    static <T> T act(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (AccountException e) {
            throw switch (e.kind()) {
                case INVALID -> new ApiException(400, "Invalid request", e.getMessage(), e.field(), List.of());
                case NOT_FOUND -> ApiException.notFound(e.getMessage());
                case CONFLICT -> ApiException.conflict(e.getMessage());
                case FORBIDDEN -> Guard.forbidden(e.getMessage());
            };
        }
    }
}

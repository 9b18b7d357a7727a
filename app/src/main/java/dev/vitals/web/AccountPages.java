package dev.vitals.web;

import dev.vitals.accounts.AccountException;
import dev.vitals.accounts.Accounts;
import dev.vitals.accounts.ApiToken;
import dev.vitals.accounts.Audit;
import dev.vitals.accounts.Caller;
import dev.vitals.accounts.Scope;
import dev.vitals.accounts.User;
import dev.vitals.api.ApiException;
import dev.vitals.api.Client;
import dev.vitals.api.Guard;
import dev.vitals.api.Route;
import dev.vitals.config.Durations;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One's own account: who one is, changing one's password, and one's API tokens (made here, shown
 * once, revoked here). Every change is written to the audit log, as the JSON API does. The second
 * factor has its own class, {@link SecondFactorPages}, which shows this page when it refuses.
 */
final class AccountPages {
    /** The lifetimes offered for a new token; the JSON API takes any from 1h to 3650d. */
    private static final List<String> LIFETIMES = List.of("", "7d", "30d", "90d", "365d");

    private final Accounts accounts;
    private final Audit audit;
    private final InstantSource clock;
    private final Html html;

    AccountPages(Accounts accounts, Audit audit, InstantSource clock, Html html) {
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
        this.html = html;
    }

    List<Route> routes() {
        return List.of(
                Route.get(Pages.ACCOUNT, this::account),
                Route.get(Pages.PASSWORD, this::passwordForm),
                Route.post(Pages.PASSWORD, this::changePassword),
                Route.post("/account/tokens", this::addToken),
                Route.post("/account/tokens/{kid}/revoke", this::revokeToken));
    }

    private void account(Context ctx) {
        show(ctx, 200, "", List.of());
    }

    /** The account page with {@code messages}, as after a refused form of its own. */
    void show(Context ctx, int status, List<Message> messages) {
        show(ctx, status, "", messages);
    }

    private void show(Context ctx, int status, String tokenName, List<Message> messages) {
        Caller c = Guard.caller(ctx);
        User u = user(c);
        Instant now = clock.instant();
        List<AccountPage.Token> tokens =
                accounts.tokensOf(u).stream().map(t -> token(t, now)).toList();
        List<Choice> scopes = Arrays.stream(Scope.values())
                .filter(s -> s.compareTo(c.level()) <= 0)
                .map(s -> new Choice(s.word(), s.word(), s == Scope.READ))
                .toList();
        List<Choice> lifetimes = LIFETIMES.stream()
                .map(l -> new Choice(l, l.isEmpty() ? "never expires" : "expires in " + l, l.equals("90d")))
                .toList();
        html.render(
                ctx,
                status,
                "account.jte",
                new AccountPage(
                        html.frame(ctx, "Your account", messages),
                        u.name(),
                        u.role().word(),
                        Format.meaning(u.role()),
                        Format.list(u.teams(), "none"),
                        u.passwordHash().isPresent(),
                        u.hasSecondFactor(),
                        tokens,
                        scopes,
                        lifetimes,
                        tokenName));
    }

    private static AccountPage.Token token(ApiToken t, Instant now) {
        String state = t.revokedAt().isPresent()
                ? "revoked " + Format.time(t.revokedAt().get())
                : t.activeAt(now) ? "active" : "expired";
        return new AccountPage.Token(
                t.kid(),
                t.name(),
                t.prefix(),
                t.scope().word(),
                Format.time(t.createdAt()),
                Format.time(t.lastUsedAt(), "never"),
                Format.time(t.expiresAt(), "never"),
                state,
                t.activeAt(now));
    }

    private void passwordForm(Context ctx) {
        User u = user(Guard.caller(ctx));
        html.render(
                ctx,
                200,
                "password.jte",
                new PasswordPage(
                        html.frame(ctx, "Change your password"),
                        u.passwordHash().isPresent()));
    }

    private void changePassword(Context ctx) {
        Caller c = Guard.caller(ctx);
        User u = user(c);
        Form f = Form.of(ctx);
        String next = f.value("new");
        try {
            if (!next.equals(f.value("repeat"))) {
                throw AccountException.invalid("repeat", "the new password and its repetition differ");
            }
            accounts.changePassword(u, f.value("current"), next, c.session());
        } catch (AccountException e) {
            html.render(
                    ctx,
                    Pages.status(e),
                    "password.jte",
                    new PasswordPage(
                            html.frame(ctx, "Change your password", List.of(Pages.problem(e))),
                            u.passwordHash().isPresent()));
            return;
        }
        audit.record(c, Optional.of(Client.of(ctx).address()), "user.password", Optional.of(c.name()), Map.of());
        Html.seeOther(ctx, Notice.PASSWORD_CHANGED.on(Pages.ACCOUNT));
    }

    private void addToken(Context ctx) {
        Caller c = Guard.caller(ctx);
        User u = user(c);
        Form f = Form.of(ctx);
        String name = f.value("name").strip();
        Accounts.NewToken t;
        Scope scope;
        try {
            String s = f.text("scope").orElse("read");
            scope = Scope.parse(s)
                    .orElseThrow(() ->
                            AccountException.invalid("scope", "scope must be read, write or admin, not \"" + s + "\""));
            if (scope.compareTo(c.level()) > 0) {
                throw AccountException.invalid(
                        "scope", "a " + c.role().word() + " cannot make a token with scope " + scope.word());
            }
            Optional<Duration> lifetime = f.text("expires_in").map(AccountPages::lifetime);
            t = accounts.addToken(u, name, scope, lifetime);
        } catch (AccountException e) {
            show(ctx, Pages.status(e), name, List.of(Pages.problem(e)));
            return;
        }
        audit.record(
                c,
                Optional.of(Client.of(ctx).address()),
                "token.create",
                Optional.of(t.token().prefix()),
                Map.of("name", t.token().name(), "scope", scope.word()));
        html.render(
                ctx,
                200,
                "secret.jte",
                new SecretPage(
                        html.frame(ctx, "New API token"),
                        "Your new API token",
                        "The token \"" + t.token().name() + "\" (scope " + scope.word() + ", "
                                + t.token()
                                        .expiresAt()
                                        .map(x -> "expires " + Format.time(x))
                                        .orElse("never expires")
                                + ") is made.",
                        "API token",
                        t.value(),
                        "Programs send it as \"Authorization: Bearer TOKEN\". If it is lost, revoke it and make"
                                + " a new one.",
                        new Link(Pages.ACCOUNT, "Back to your account", false)));
    }

    private static Duration lifetime(String s) {
        return Durations.parse(s)
                .filter(d -> d.compareTo(Duration.ofHours(1)) >= 0 && d.compareTo(Duration.ofDays(3650)) <= 0)
                .orElseThrow(() -> AccountException.invalid(
                        "expires_in", "a token's lifetime is a duration from 1h to 3650d, such as 90d"));
    }

    private void revokeToken(Context ctx) {
        Caller c = Guard.caller(ctx);
        User u = user(c);
        String s = ctx.pathParam("kid");
        long kid;
        try {
            kid = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("you have no token with id \"" + s + "\"");
        }
        ApiToken t;
        try {
            t = accounts.revokeToken(kid, Optional.of(u));
        } catch (AccountException e) {
            throw ApiException.notFound("you have no token with id " + kid);
        }
        audit.record(
                c,
                Optional.of(Client.of(ctx).address()),
                "token.revoke",
                Optional.of(t.prefix()),
                Map.of("name", t.name()));
        Html.seeOther(ctx, Notice.TOKEN_REVOKED.on(Pages.ACCOUNT));
    }

    /** The user of a session; the access rules of the account routes let only sessions in. */
    static User user(Caller c) {
        return c.user().orElseThrow(() -> new IllegalStateException("a session without a user"));
    }
}

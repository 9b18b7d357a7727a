package dev.vitals.web;

import dev.vitals.accounts.AccountException;
import dev.vitals.accounts.Accounts;
import dev.vitals.accounts.Audit;
import dev.vitals.accounts.Caller;
import dev.vitals.accounts.Totp;
import dev.vitals.accounts.User;
import dev.vitals.api.Client;
import dev.vitals.api.Guard;
import dev.vitals.api.Route;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One's own second factor (a time-based code from an authenticator app): setting it up and turning it
 * off, with the same audit entries as the JSON API.
 *
 * <p>Setting up takes two posts and stores nothing until the second. The first makes a new secret and
 * shows it; the secret then lives only in that page, in a hidden field that comes back with a code
 * from the app. Only a right code saves it, so a person who mistyped the key or closed the page is not
 * locked out by a factor they never had. The page holding the secret is not cached (see {@link
 * Html#headers}).
 *
 * <p>A second factor here guards signing in with a password; single sign-on leaves it to the identity
 * provider. So an account without a password is not offered one.
 */
final class SecondFactorPages {
    static final String SET_UP = "/account/totp";
    static final String CONFIRM = "/account/totp/confirm";
    static final String REMOVE = "/account/totp/remove";

    private final Accounts accounts;
    private final Audit audit;
    private final AccountPages account;
    private final Html html;

    SecondFactorPages(Accounts accounts, Audit audit, AccountPages account, Html html) {
        this.accounts = accounts;
        this.audit = audit;
        this.account = account;
        this.html = html;
    }

    List<Route> routes() {
        return List.of(
                Route.post(SET_UP, this::setUp), Route.post(CONFIRM, this::confirm), Route.post(REMOVE, this::remove));
    }

    private void setUp(Context ctx) {
        User u = AccountPages.user(Guard.caller(ctx));
        if (refusedSetUp(ctx, u)) {
            return;
        }
        Accounts.Enrolment e = accounts.beginSecondFactor(u);
        enrolment(ctx, 200, u, e.secret(), List.of());
    }

    private void confirm(Context ctx) {
        Caller c = Guard.caller(ctx);
        User u = AccountPages.user(c);
        if (refusedSetUp(ctx, u)) {
            return;
        }
        Form f = Form.of(ctx);
        String secret = f.value("secret");
        if (!Totp.isSecret(secret)) {
            // Only a damaged or hand-made form gets here; the page Vitals sent always has its key.
            account.show(
                    ctx,
                    422,
                    List.of(Message.problem("The set-up form came back without its key, so nothing changed. Start"
                            + " again with \"Set up a second factor\".")));
            return;
        }
        try {
            accounts.confirmSecondFactor(u, secret, f.value("code"));
        } catch (AccountException e) {
            enrolment(ctx, Pages.status(e), u, secret, List.of(Pages.problem(e)));
            return;
        }
        audit.record(
                c,
                Optional.of(Client.of(ctx).address()),
                "user.second_factor",
                Optional.of(c.name()),
                Map.of("set", true));
        Html.seeOther(ctx, Notice.SECOND_FACTOR_ON.on(Pages.ACCOUNT));
    }

    private void remove(Context ctx) {
        Caller c = Guard.caller(ctx);
        User u = AccountPages.user(c);
        if (!u.hasSecondFactor()) {
            account.show(ctx, 409, List.of(Message.problem("Your account has no second factor to turn off.")));
            return;
        }
        Form f = Form.of(ctx);
        try {
            accounts.removeSecondFactor(u, f.text("code"), f.exact("password"));
        } catch (AccountException e) {
            account.show(ctx, Pages.status(e), List.of(Pages.problem(e)));
            return;
        }
        audit.record(
                c,
                Optional.of(Client.of(ctx).address()),
                "user.second_factor",
                Optional.of(c.name()),
                Map.of("set", false));
        Html.seeOther(ctx, Notice.SECOND_FACTOR_OFF.on(Pages.ACCOUNT));
    }

    /**
     * Whether setting up was refused (and the account page says why). A second factor is replaced only
     * after turning the old one off, which needs a code or the password: otherwise whoever held a
     * signed-in browser for a minute could swap in a factor of their own.
     */
    private boolean refusedSetUp(Context ctx, User u) {
        Optional<String> why = u.hasSecondFactor()
                ? Optional.of("Your account has a second factor already. To move it to another app or phone, turn"
                        + " it off first, then set it up again.")
                : u.passwordHash().isEmpty()
                        ? Optional.of("Your account signs in with single sign-on, where your organisation's"
                                + " sign-in service asks for any second factor; Vitals has no password of yours to"
                                + " guard.")
                        : Optional.empty();
        why.ifPresent(w -> account.show(ctx, 409, List.of(Message.problem(w))));
        return why.isPresent();
    }

    private void enrolment(Context ctx, int status, User u, String secret, List<Message> messages) {
        html.render(
                ctx,
                status,
                "secondFactor.jte",
                new SecondFactorPage(
                        html.frame(ctx, "Set up a second factor", messages),
                        u.name(),
                        secret,
                        Format.groups(secret, 4),
                        Totp.enrolmentUri(secret, u.name())));
    }
}

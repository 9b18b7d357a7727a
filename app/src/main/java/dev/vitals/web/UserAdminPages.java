package dev.vitals.web;

import dev.vitals.accounts.AccountException;
import dev.vitals.accounts.Accounts;
import dev.vitals.accounts.Audit;
import dev.vitals.accounts.Caller;
import dev.vitals.accounts.Role;
import dev.vitals.accounts.User;
import dev.vitals.api.ApiException;
import dev.vitals.api.Client;
import dev.vitals.api.Guard;
import dev.vitals.api.Route;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Users, for admins: the list, adding a user (its one-time password shown once), editing role, teams
 * and disabled, resetting a password, removing the second factor of someone who lost their phone, and
 * deleting, each written to the audit log as the JSON API does. Deleting needs a ticked confirmation
 * box, checked here, not by a script in the page.
 */
final class UserAdminPages {
    private static final String USERS = "/admin/users";

    private final Accounts accounts;
    private final Audit audit;
    private final Html html;

    UserAdminPages(Accounts accounts, Audit audit, Html html) {
        this.accounts = accounts;
        this.audit = audit;
        this.html = html;
    }

    List<Route> routes() {
        return List.of(
                Route.get(USERS, this::list),
                Route.post(USERS, this::add),
                Route.get(USERS + "/{name}", this::edit),
                Route.post(USERS + "/{name}", this::update),
                Route.post(USERS + "/{name}/password", this::resetPassword),
                Route.post(USERS + "/{name}/totp/remove", this::removeSecondFactor),
                Route.post(USERS + "/{name}/delete", this::delete));
    }

    private void list(Context ctx) {
        showList(ctx, 200, "", Role.VIEWER, "", List.of());
    }

    private void showList(Context ctx, int status, String name, Role role, String teams, List<Message> messages) {
        List<UsersPage.Row> rows =
                accounts.store().users().stream().map(UserAdminPages::row).toList();
        html.render(
                ctx,
                status,
                "admin/users.jte",
                new UsersPage(html.frame(ctx, "Users", messages), rows, roles(role), name, teams, knownTeams()));
    }

    private void add(Context ctx) {
        Caller c = Guard.caller(ctx);
        Form f = Form.of(ctx);
        String name = f.value("name").strip();
        List<String> teams = f.words("teams");
        Accounts.NewUser u;
        Role role = Role.VIEWER;
        try {
            role = role(f);
            u = accounts.addUser(name, role, teams);
        } catch (AccountException e) {
            showList(ctx, Pages.status(e), name, role, String.join(", ", teams), List.of(Pages.problem(e)));
            return;
        }
        audit.record(
                c,
                Optional.of(Client.of(ctx).address()),
                "user.create",
                Optional.of(u.user().name()),
                Map.of("role", role.word(), "teams", u.user().teams()));
        html.render(
                ctx,
                200,
                "secret.jte",
                new SecretPage(
                        html.frame(ctx, "User added"),
                        "User " + u.user().name() + " added",
                        u.user().name() + " is a " + role.word() + ". Give them this one-time password by a way"
                                + " others cannot read.",
                        "One-time password",
                        u.oneTimePassword(),
                        "It works once: at their first sign-in " + u.user().name() + " chooses their own password.",
                        new Link(USERS, "Back to users", false)));
    }

    private void edit(Context ctx) {
        User u = require(ctx);
        showUser(ctx, 200, u, u.role(), String.join(", ", u.teams()), u.disabled(), List.of());
    }

    private void showUser(
            Context ctx, int status, User u, Role role, String teams, boolean disabled, List<Message> messages) {
        html.render(
                ctx,
                status,
                "admin/user.jte",
                new UserPage(
                        html.frame(ctx, "User " + u.name(), messages),
                        row(u),
                        Format.time(u.createdAt()),
                        roles(role),
                        teams,
                        disabled,
                        u.passwordHash().isPresent(),
                        u.hasSecondFactor(),
                        knownTeams()));
    }

    private void update(Context ctx) {
        Caller c = Guard.caller(ctx);
        User before = require(ctx);
        Form f = Form.of(ctx);
        List<String> teams = f.words("teams");
        boolean disabled = f.checked("disabled");
        User after;
        try {
            after = accounts.updateUser(before.name(), role(f), teams, disabled);
        } catch (AccountException e) {
            showUser(
                    ctx,
                    Pages.status(e),
                    before,
                    Role.parse(f.value("role")).orElse(before.role()),
                    String.join(", ", teams),
                    disabled,
                    List.of(Pages.problem(e)));
            return;
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("role", Map.of("from", before.role().word(), "to", after.role().word()));
        d.put("teams", Map.of("from", before.teams(), "to", after.teams()));
        d.put("disabled", Map.of("from", before.disabled(), "to", after.disabled()));
        audit.record(c, Optional.of(Client.of(ctx).address()), "user.update", Optional.of(after.name()), d);
        Html.seeOther(ctx, Notice.USER_SAVED.on(href(after)));
    }

    private void resetPassword(Context ctx) {
        Caller c = Guard.caller(ctx);
        User u = require(ctx);
        String password = accounts.resetPassword(u.name());
        audit.record(c, Optional.of(Client.of(ctx).address()), "user.password_reset", Optional.of(u.name()), Map.of());
        html.render(
                ctx,
                200,
                "secret.jte",
                new SecretPage(
                        html.frame(ctx, "New one-time password"),
                        "New one-time password for " + u.name(),
                        u.name() + " is signed out everywhere. Give them this one-time password by a way others"
                                + " cannot read.",
                        "One-time password",
                        password,
                        "It works once: at their next sign-in " + u.name() + " chooses their own password.",
                        new Link(href(u), "Back to " + u.name(), false)));
    }

    private void removeSecondFactor(Context ctx) {
        Caller c = Guard.caller(ctx);
        User u = require(ctx);
        if (!u.hasSecondFactor()) {
            // Most likely the button was pressed twice, or another admin was quicker.
            showUser(
                    ctx,
                    409,
                    u,
                    u.role(),
                    String.join(", ", u.teams()),
                    u.disabled(),
                    List.of(Message.problem(u.name() + " has no second factor to remove.")));
            return;
        }
        accounts.resetSecondFactor(u.name());
        audit.record(
                c, Optional.of(Client.of(ctx).address()), "user.second_factor_reset", Optional.of(u.name()), Map.of());
        Html.seeOther(ctx, Notice.SECOND_FACTOR_REMOVED.on(href(u)));
    }

    private void delete(Context ctx) {
        Caller c = Guard.caller(ctx);
        User u = require(ctx);
        Form f = Form.of(ctx);
        try {
            if (!f.value("confirm").equals(u.name())) {
                throw AccountException.invalid(
                        "confirm", "to delete " + u.name() + ", tick the box that confirms it, then press Delete");
            }
            accounts.deleteUser(u.name());
        } catch (AccountException e) {
            showUser(
                    ctx,
                    Pages.status(e),
                    u,
                    u.role(),
                    String.join(", ", u.teams()),
                    u.disabled(),
                    List.of(Pages.problem(e)));
            return;
        }
        audit.record(c, Optional.of(Client.of(ctx).address()), "user.delete", Optional.of(u.name()), Map.of());
        Html.seeOther(ctx, Notice.USER_DELETED.on(USERS));
    }

    private User require(Context ctx) {
        String name = ctx.pathParam("name");
        return accounts.store()
                .user(name)
                .orElseThrow(() -> ApiException.notFound("there is no user named \"" + name + "\""));
    }

    private static Role role(Form f) {
        String s = f.value("role");
        return Role.parse(s)
                .orElseThrow(() -> AccountException.invalid("role", "choose a role: admin, responder or viewer"));
    }

    private static List<Choice> roles(Role chosen) {
        return Arrays.stream(Role.values())
                .map(r -> new Choice(r.word(), r.word() + ": " + Format.meaning(r), r == chosen))
                .toList();
    }

    private String knownTeams() {
        return Format.list(new ArrayList<>(accounts.store().teams()), "none yet");
    }

    static String href(User u) {
        return USERS + "/" + SignInPages.encode(u.name());
    }

    static UsersPage.Row row(User u) {
        List<String> status = new ArrayList<>();
        if (u.disabled()) {
            status.add("disabled: cannot sign in");
        }
        if (u.mustChangePassword()) {
            status.add("has a one-time password");
        }
        return new UsersPage.Row(
                u.name(),
                href(u),
                u.role().word(),
                Format.list(u.teams(), "none"),
                Format.time(u.lastLoginAt(), "never"),
                u.hasSecondFactor() ? "set" : "not set",
                u.oidcSubject().isPresent()
                        ? (u.passwordHash().isPresent() ? "single sign-on or password" : "single sign-on")
                        : "password",
                status.isEmpty() ? "active" : String.join("; ", status),
                u.disabled());
    }
}

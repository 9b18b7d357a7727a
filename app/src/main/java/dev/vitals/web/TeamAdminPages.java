package dev.vitals.web;

import dev.vitals.accounts.AccountException;
import dev.vitals.accounts.Accounts;
import dev.vitals.accounts.Audit;
import dev.vitals.accounts.Caller;
import dev.vitals.api.Client;
import dev.vitals.api.Guard;
import dev.vitals.api.Route;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Teams, for admins: the list with members, adding and deleting (with a ticked confirmation box). */
final class TeamAdminPages {
    private static final String TEAMS = "/admin/teams";

    private final Accounts accounts;
    private final Audit audit;
    private final Html html;

    TeamAdminPages(Accounts accounts, Audit audit, Html html) {
        this.accounts = accounts;
        this.audit = audit;
        this.html = html;
    }

    List<Route> routes() {
        return List.of(
                Route.get(TEAMS, this::list),
                Route.post(TEAMS, this::add),
                Route.post(TEAMS + "/{name}/delete", this::delete));
    }

    private void list(Context ctx) {
        show(ctx, 200, "", List.of());
    }

    private void show(Context ctx, int status, String newName, List<Message> messages) {
        List<TeamsPage.Team> teams = accounts.store().members().entrySet().stream()
                .map(e -> new TeamsPage.Team(
                        e.getKey(),
                        Format.list(e.getValue(), "no members"),
                        TEAMS + "/" + SignInPages.encode(e.getKey()) + "/delete"))
                .toList();
        html.render(ctx, status, "admin/teams.jte", new TeamsPage(html.frame(ctx, "Teams", messages), teams, newName));
    }

    private void add(Context ctx) {
        Caller c = Guard.caller(ctx);
        String name = Form.of(ctx).value("name").strip();
        String team;
        try {
            team = Accounts.checkTeam(name);
            accounts.addTeam(team);
        } catch (AccountException e) {
            show(ctx, Pages.status(e), name, List.of(Pages.problem(e)));
            return;
        }
        audit.record(c, Optional.of(Client.of(ctx).address()), "team.create", Optional.of(team), Map.of());
        Html.seeOther(ctx, Notice.TEAM_ADDED.on(TEAMS));
    }

    private void delete(Context ctx) {
        Caller c = Guard.caller(ctx);
        String name = ctx.pathParam("name");
        try {
            if (!Form.of(ctx).value("confirm").equals(name)) {
                throw AccountException.invalid(
                        "confirm", "to delete the team " + name + ", tick the box that confirms it, then press Delete");
            }
            accounts.deleteTeam(name);
        } catch (AccountException e) {
            show(ctx, Pages.status(e), "", List.of(Pages.problem(e)));
            return;
        }
        audit.record(c, Optional.of(Client.of(ctx).address()), "team.delete", Optional.of(name), Map.of());
        Html.seeOther(ctx, Notice.TEAM_DELETED.on(TEAMS));
    }
}

package dev.vitals.web;

import dev.vitals.accounts.Accounts;
import dev.vitals.api.Route;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;

/** The audit log, for admins: the latest entries, and a link to export it as JSON lines from the API. */
final class AuditPages {
    private static final int LIMIT = 200;

    private final Accounts accounts;
    private final Html html;

    AuditPages(Accounts accounts, Html html) {
        this.accounts = accounts;
        this.html = html;
    }

    List<Route> routes() {
        return List.of(Route.get("/admin/audit", this::list));
    }

    private void list(Context ctx) {
        List<AuditPage.Entry> entries = accounts.store().auditLog(Optional.empty(), Optional.empty(), LIMIT).stream()
                .map(e -> new AuditPage.Entry(
                        Format.exact(e.at()),
                        e.actor(),
                        e.action(),
                        e.target().orElse("-"),
                        e.address().orElse("-"),
                        Format.detail(e.detail())))
                .toList();
        html.render(
                ctx,
                200,
                "admin/audit.jte",
                new AuditPage(html.frame(ctx, "Audit log"), entries, LIMIT, "/api/v1/audit?format=jsonl&limit=10000"));
    }
}

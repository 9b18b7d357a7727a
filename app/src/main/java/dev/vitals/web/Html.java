package dev.vitals.web;

import dev.vitals.accounts.Caller;
import dev.vitals.api.Guard;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Renders pages: the precompiled templates (HTML-escaped by JTE), the frame around every page, and the
 * headers every page gets. Pages are never cached (they show personal data and, once, secrets), never
 * framed, and may load scripts and styles only from Vitals itself.
 */
final class Html {
    private final TemplateEngine engine;
    private final Assets assets;
    private final boolean demo;

    /** With {@code demo}, every page says it is the demo ({@code vitals demo} only). */
    Html(Assets assets, boolean demo) {
        this.demo = demo;
        // The templates were compiled to classes in the build (jte-maven-plugin); nothing is compiled here.
        this.engine = TemplateEngine.createPrecompiled(
                null, ContentType.Html, Html.class.getClassLoader(), "dev.vitals.web.jte");
        this.assets = assets;
    }

    /** The frame of a page for whoever made this request, with {@code messages} and those of {@code ?notice=}. */
    Frame frame(Context ctx, String title, List<Message> messages) {
        Caller c = Guard.caller(ctx);
        List<Message> all = new ArrayList<>(Notice.of(ctx));
        all.addAll(messages);
        return new Frame(
                title + " · Vitals",
                c.signedIn() ? Optional.of(c.name() + " (" + c.role().word() + ")") : Optional.empty(),
                nav(c, ctx.path()),
                c.session().isPresent(),
                c.session().map(s -> s.csrf()).orElse(""),
                all,
                assets.href("vitals.css"),
                assets.href("console.js"),
                demo);
    }

    Frame frame(Context ctx, String title) {
        return frame(ctx, title, List.of());
    }

    /** The links a caller's role may use; the console's pages add theirs here. */
    static List<Link> nav(Caller c, String path) {
        List<Link> links = new ArrayList<>();
        if (!c.signedIn()) {
            return links;
        }
        links.add(new Link("/", "Overview", path.equals("/")));
        links.add(link("/problems", "What's wrong", path));
        links.add(link(AlertPages.ALERTS, "Alerts", path));
        links.add(link(AlertPages.NOTIFICATIONS, "Notifications", path));
        links.add(link(SilencePages.SILENCES, "Silences", path));
        links.add(link(MaintenancePages.MAINTENANCES, "Maintenance", path));
        links.add(link("/account", "Account", path));
        if (c.isAdmin()) {
            links.add(link("/admin/users", "Users", path));
            links.add(link("/admin/teams", "Teams", path));
            links.add(link("/admin/audit", "Audit log", path));
        }
        return links;
    }

    private static Link link(String href, String label, String path) {
        return new Link(href, label, path.equals(href) || path.startsWith(href + "/"));
    }

    /** Renders {@code template} (a path under src/main/jte) with its one parameter, {@code page}. */
    void render(Context ctx, int status, String template, Object page) {
        StringOutput out = new StringOutput();
        engine.render(template, page, out);
        headers(ctx);
        ctx.status(status).contentType("text/html; charset=utf-8").result(out.toString());
    }

    static void headers(Context ctx) {
        // The same headers as every answer (set again: an error page may be rendered after a reset),
        // and never cached.
        dev.vitals.api.SecurityHeaders.apply(ctx);
        ctx.header("Cache-Control", "no-store");
    }

    /** After a form post: the browser fetches {@code location} with GET, so a reload does not post again. */
    static void seeOther(Context ctx, String location) {
        ctx.header("Cache-Control", "no-store");
        ctx.redirect(location, HttpStatus.SEE_OTHER);
    }
}

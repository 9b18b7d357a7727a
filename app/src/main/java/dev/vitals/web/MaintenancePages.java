package dev.vitals.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitals.accounts.Caller;
import dev.vitals.accounts.Role;
import dev.vitals.api.ApiException;
import dev.vitals.api.Guard;
import dev.vitals.api.MaintenanceRoutes;
import dev.vitals.api.Route;
import dev.vitals.config.Problem;
import dev.vitals.maintenance.Interval;
import dev.vitals.maintenance.MaintenanceException;
import dev.vitals.maintenance.MaintenanceWindow;
import dev.vitals.maintenance.Maintenances;
import dev.vitals.silences.Candidate;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Maintenance windows in the console: those of the configuration file and of the API, a form with
 * the file's keys to preview and make one, and a button to end one made through the API. The form
 * becomes the JSON the API takes and goes through {@link MaintenanceRoutes}, so both read, check and
 * audit a window alike.
 */
final class MaintenancePages {
    static final String MAINTENANCES = "/maintenances";
    /** How many occurrences a preview lists. */
    static final int PREVIEW_OCCURRENCES = 5;

    private static final Duration PREVIEW_HORIZON = Duration.ofDays(400);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("name", "start", "rrule", "cron", "duration", "tz", "match");

    private final Html html;
    private final MaintenanceRoutes maintenances;
    private final InstantSource clock;

    MaintenancePages(Html html, MaintenanceRoutes maintenances, InstantSource clock) {
        this.html = html;
        this.maintenances = maintenances;
        this.clock = clock;
    }

    List<Route> routes() {
        return List.of(
                Route.get(MAINTENANCES, this::list),
                Route.post(MAINTENANCES, this::create),
                Route.post(MAINTENANCES + "/preview", this::preview),
                Route.post(MAINTENANCES + "/{name}/end", this::end));
    }

    private void list(Context ctx) {
        show(ctx, 200, MaintenanceViews.Fields.EMPTY, Map.of(), Optional.empty());
    }

    private void preview(Context ctx) {
        Form f = Form.of(ctx);
        Map<String, String> errors = new LinkedHashMap<>();
        String json = json(f, errors);
        Optional<MaintenanceViews.Preview> preview = Optional.empty();
        if (errors.isEmpty()) {
            try {
                MaintenanceWindow w = Maintenances.parse(json);
                Instant now = clock.instant();
                List<Candidate> hits = maintenances.preview(w);
                preview = Optional.of(new MaintenanceViews.Preview(
                        Maintenances.schedule(w),
                        w.between(now, now.plus(PREVIEW_HORIZON), PREVIEW_OCCURRENCES).stream()
                                .map(MaintenancePages::interval)
                                .toList(),
                        hits.isEmpty()
                                ? "This window matches nothing now."
                                : "This window matches " + hits.size() + (hits.size() == 1 ? " thing" : " things")
                                        + " now:",
                        hits.stream().map(SilencePages::hit).toList()));
            } catch (MaintenanceException e) {
                errors.putAll(errors(e.problems(), e.getMessage()));
            }
        }
        show(ctx, errors.isEmpty() ? 200 : 422, fields(f), errors, preview);
    }

    private void create(Context ctx) {
        Form f = Form.of(ctx);
        Map<String, String> errors = new LinkedHashMap<>();
        String json = json(f, errors);
        if (errors.isEmpty()) {
            try {
                Maintenances.Entry e = maintenances.create(ctx, json);
                Html.seeOther(ctx, Notice.MAINTENANCE_CREATED.on(MAINTENANCES) + "#window-" + e.name());
                return;
            } catch (ApiException e) {
                if (e.status() != 400 && e.status() != 409) {
                    throw e;
                }
                errors.putAll(errors(e.problems(), e.getMessage()));
            }
        }
        show(ctx, 422, fields(f), errors, Optional.empty());
    }

    private void end(Context ctx) {
        try {
            maintenances.end(ctx, ctx.pathParam("name"));
        } catch (ApiException e) {
            if (e.status() != 409) {
                throw e;
            }
            // A window of the file: said on the page, which keeps it.
            show(ctx, 409, MaintenanceViews.Fields.EMPTY, Map.of(), Optional.empty(), e.getMessage());
            return;
        }
        Html.seeOther(ctx, Notice.MAINTENANCE_ENDED.on(MAINTENANCES));
    }

    private void show(
            Context ctx,
            int status,
            MaintenanceViews.Fields typed,
            Map<String, String> errors,
            Optional<MaintenanceViews.Preview> preview) {
        show(ctx, status, typed, errors, preview, "");
    }

    private void show(
            Context ctx,
            int status,
            MaintenanceViews.Fields typed,
            Map<String, String> errors,
            Optional<MaintenanceViews.Preview> preview,
            String problem) {
        Instant now = clock.instant();
        Caller c = Guard.caller(ctx);
        boolean canChange = c.role() != Role.VIEWER;
        List<MaintenanceViews.Line> lines =
                maintenances.list().stream().map(s -> line(s, now, canChange)).toList();
        List<Message> messages = new ArrayList<>();
        if (!problem.isEmpty()) {
            messages.add(Message.problem(Format.sentence(problem)));
        }
        if (!errors.isEmpty()) {
            messages.add(Message.problem("The window was not made: see the "
                    + (errors.size() == 1 ? "field marked below." : "fields marked below.")));
        }
        html.render(
                ctx,
                status,
                "maintenances.jte",
                new MaintenanceViews.Windows(
                        html.frame(ctx, "Maintenance windows", messages), lines, canChange, typed, errors, preview));
    }

    /** The form as the JSON the API takes, with the file's keys; empty fields are left out. */
    private static String json(Form f, Map<String, String> errors) {
        ObjectNode o = JSON.createObjectNode();
        for (String key : List.of("name", "start", "rrule", "cron", "duration", "tz")) {
            f.text(key).ifPresent(v -> o.put(key, v));
        }
        ObjectNode match = JSON.createObjectNode();
        List<String> problems = new ArrayList<>();
        String[] lines = f.value("match").split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                problems.add("Line " + (i + 1) + ": \"" + line + "\" is not key=value, such as service=erp.");
            } else {
                match.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        if (!problems.isEmpty()) {
            errors.put("match", String.join(" ", problems));
        }
        if (!match.isEmpty()) {
            o.set("match", match);
        }
        return o.toString();
    }

    /** Each problem under its field: the first part of its path ("match.service" is the match's). */
    private static Map<String, String> errors(List<Problem> problems, String message) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Problem p : problems) {
            String key = p.path().split("[.\\[]", 2)[0];
            String field = FIELDS.contains(key) ? key : key.equals("starts_on") ? "start" : "name";
            out.merge(field, Format.sentence(p.message()), (a, b) -> a + " " + b);
        }
        if (out.isEmpty()) {
            out.put("name", Format.sentence(message));
        }
        return out;
    }

    private static MaintenanceViews.Fields fields(Form f) {
        return new MaintenanceViews.Fields(
                f.value("name"),
                f.value("start"),
                f.value("rrule"),
                f.value("cron"),
                f.value("duration"),
                f.value("tz"),
                f.value("match"));
    }

    private static MaintenanceViews.Line line(Maintenances.Status s, Instant now, boolean canChange) {
        Maintenances.Entry e = s.entry();
        boolean ended = e.endedBy(now);
        Status status = ended
                ? new Status("ended", "✓", "Ended")
                : s.current().isPresent() ? new Status("active", "‖", "Active") : new Status("pending", "○", "Waiting");
        String nowWords = ended
                ? "ended " + Format.time(e.endedAt().orElseThrow())
                : s.current()
                        .map(i -> "on until " + Format.time(i.end()) + " (ends in "
                                + Console.duration(Duration.between(now, i.end())) + ")")
                        .orElse("not on now");
        boolean endable = canChange && e.origin() == Maintenances.Origin.API && !ended;
        return new MaintenanceViews.Line(
                e.name(),
                e.origin() == Maintenances.Origin.FILE ? "configuration file" : "API",
                s.schedule(),
                status,
                nowWords,
                s.next().map(MaintenancePages::interval).orElse("none"),
                e.window().match().entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .map(m -> m.getKey() + "=" + m.getValue())
                        .toList(),
                e.createdBy().orElse(""),
                endable ? Optional.of(MAINTENANCES + "/" + Console.path(e.name()) + "/end") : Optional.empty());
    }

    private static String interval(Interval i) {
        return Format.time(i.start()) + " to " + Format.time(i.end());
    }
}

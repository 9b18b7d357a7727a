package dev.vitals.web;

import dev.vitals.accounts.Caller;
import dev.vitals.accounts.Role;
import dev.vitals.api.ApiException;
import dev.vitals.api.Guard;
import dev.vitals.api.Route;
import dev.vitals.api.SilenceRoutes;
import dev.vitals.config.Durations;
import dev.vitals.silences.Candidate;
import dev.vitals.silences.Matcher;
import dev.vitals.silences.Matchers;
import dev.vitals.silences.Silence;
import dev.vitals.silences.SilenceException;
import dev.vitals.silences.SilenceRequest;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Silences in the console: those muting now or soon, the recently ended, a form to preview and make
 * one, and a button to end one. Making and ending go through {@link SilenceRoutes}, so a page and the
 * API apply the same checks (a responder names their team) and write the same audit records.
 */
final class SilencePages {
    static final String SILENCES = "/silences";
    /** Recently ended silences shown below the others; the API lists more. */
    static final int EXPIRED_SHOWN = 20;

    private static final int CURRENT_SHOWN = 500;

    private final Html html;
    private final SilenceRoutes silences;
    private final InstantSource clock;

    SilencePages(Html html, SilenceRoutes silences, InstantSource clock) {
        this.html = html;
        this.silences = silences;
        this.clock = clock;
    }

    List<Route> routes() {
        return List.of(
                Route.get(SILENCES, this::list),
                Route.post(SILENCES, this::create),
                Route.post(SILENCES + "/preview", this::preview),
                Route.post(SILENCES + "/{id}/expire", this::expire));
    }

    private void list(Context ctx) {
        show(ctx, 200, SilenceViews.Fields.EMPTY, Map.of(), Optional.empty(), List.of());
    }

    private void preview(Context ctx) {
        Form f = Form.of(ctx);
        SilenceViews.Fields typed = fields(f);
        Map<String, String> errors = new LinkedHashMap<>();
        List<Matcher> matchers = matchers(f, errors);
        Optional<SilenceViews.Preview> preview = Optional.empty();
        if (errors.isEmpty()) {
            List<Candidate> hits = silences.preview(matchers);
            String summary = hits.isEmpty()
                    ? "These matchers match nothing now."
                    : "These matchers match " + hits.size() + (hits.size() == 1 ? " thing" : " things") + " now:";
            preview = Optional.of(new SilenceViews.Preview(
                    summary, hits.stream().map(SilencePages::hit).toList()));
        }
        show(ctx, errors.isEmpty() ? 200 : 422, typed, errors, preview, List.of());
    }

    private void create(Context ctx) {
        Form f = Form.of(ctx);
        SilenceViews.Fields typed = fields(f);
        Map<String, String> errors = new LinkedHashMap<>();
        List<Matcher> matchers = matchers(f, errors);
        Optional<Instant> endsAt = Optional.empty();
        Optional<Duration> duration = Optional.empty();
        Optional<String> end = f.text("ends_at");
        Optional<String> length = f.text("duration");
        if (end.isPresent()) {
            try {
                endsAt = Optional.of(Instant.parse(end.get()));
            } catch (DateTimeParseException e) {
                errors.put(
                        "ends_at", "The end must be a time such as 2026-11-24T18:00:00Z, not \"" + end.get() + "\".");
            }
        } else if (length.isPresent()) {
            duration = Durations.parse(length.get()).filter(d -> !d.isNegative() && !d.isZero());
            if (duration.isEmpty()) {
                errors.put("duration", "The duration must be such as 30m, 2h or 3d, not \"" + length.get() + "\".");
            }
        } else {
            errors.put("duration", "Say how long the silence lasts, or when it ends: a silence always ends.");
        }
        Optional<String> comment = f.text("comment");
        if (comment.isEmpty()) {
            errors.put("comment", "Say why this is silenced: the comment is shown wherever it mutes something.");
        }
        if (!errors.isEmpty()) {
            show(ctx, 422, typed, errors, Optional.empty(), List.of());
            return;
        }
        Silence s;
        try {
            s = silences.create(
                    ctx, new SilenceRequest(matchers, Optional.empty(), endsAt, duration, comment.orElseThrow()));
        } catch (ApiException e) {
            if (e.status() != 400) {
                throw e;
            }
            errors.put(field(e.field().orElse("matchers")), Format.sentence(e.getMessage()));
            show(ctx, 422, typed, errors, Optional.empty(), List.of());
            return;
        }
        Html.seeOther(ctx, Notice.SILENCE_CREATED.on(SILENCES) + "#silence-" + s.id());
    }

    private void expire(Context ctx) {
        silences.expire(ctx, ctx.pathParam("id"));
        Html.seeOther(ctx, Notice.SILENCE_ENDED.on(SILENCES));
    }

    private void show(
            Context ctx,
            int status,
            SilenceViews.Fields typed,
            Map<String, String> errors,
            Optional<SilenceViews.Preview> preview,
            List<Message> messages) {
        Instant now = clock.instant();
        Caller c = Guard.caller(ctx);
        List<SilenceViews.Line> current = new ArrayList<>();
        for (Silence.State state : List.of(Silence.State.ACTIVE, Silence.State.PENDING)) {
            silences.list(state, CURRENT_SHOWN).forEach(s -> current.add(line(s, state, now)));
        }
        List<SilenceViews.Line> expired = silences.list(Silence.State.EXPIRED, EXPIRED_SHOWN).stream()
                .map(s -> line(s, Silence.State.EXPIRED, now))
                .toList();
        List<Message> all = new ArrayList<>(messages);
        if (!errors.isEmpty()) {
            all.add(Message.problem("The silence was not made: see the "
                    + (errors.size() == 1 ? "field marked below." : "fields marked below.")));
        }
        html.render(
                ctx,
                status,
                "silences.jte",
                new SilenceViews.Silences(
                        html.frame(ctx, "Silences", all),
                        current,
                        expired,
                        c.role() != Role.VIEWER,
                        typed,
                        errors,
                        preview));
    }

    /** The matchers typed one per line; each mistake is said under the field, with its line number. */
    private static List<Matcher> matchers(Form f, Map<String, String> errors) {
        List<Matcher> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String[] lines = f.value("matchers").split("\\R");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                out.add(Matchers.parse("line " + (i + 1), lines[i]));
            } catch (SilenceException e) {
                problems.add("Line " + (i + 1) + ": " + Format.sentence(e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            errors.put("matchers", String.join(" ", problems));
        } else if (out.isEmpty()) {
            errors.put("matchers", "Write at least one matcher, such as service=\"erp\".");
        }
        return out;
    }

    /** The form field where an error of the API's field {@code apiField} is shown. */
    private static String field(String apiField) {
        if (apiField.startsWith("matchers")) {
            return "matchers";
        }
        return switch (apiField) {
            case "ends_at", "duration", "comment" -> apiField;
            default -> "matchers";
        };
    }

    private static SilenceViews.Fields fields(Form f) {
        return new SilenceViews.Fields(
                f.value("matchers"), f.value("duration"), f.value("ends_at"), f.value("comment"));
    }

    private static SilenceViews.Line line(Silence s, Silence.State state, Instant now) {
        String endsIn = switch (state) {
            case ACTIVE -> "ends in " + Console.duration(Duration.between(now, s.endsAt()));
            case PENDING -> "starts in " + Console.duration(Duration.between(now, s.startsAt()));
            case EXPIRED -> "ended " + Console.duration(Duration.between(s.endsAt(), now)) + " ago";
        };
        return new SilenceViews.Line(
                s.id(),
                status(state),
                s.matchers().stream().map(Matcher::toString).toList(),
                s.comment(),
                s.createdBy(),
                Format.time(s.startsAt()),
                Format.time(s.endsAt()),
                endsIn,
                SILENCES + "/" + Console.path(s.id()) + "/expire");
    }

    private static Status status(Silence.State state) {
        return switch (state) {
            case ACTIVE -> new Status("active", "‖", "Active");
            case PENDING -> new Status("pending", "○", "Pending");
            case EXPIRED -> new Status("ended", "✓", "Ended");
        };
    }

    static SilenceViews.Hit hit(Candidate c) {
        return new SilenceViews.Hit(
                c.kind(),
                c.name(),
                c.kind().equals("monitor")
                        ? Optional.of("/monitors/" + Console.path(c.id()))
                        : Optional.of(AlertPages.ALERTS + "/" + Console.path(c.id())),
                c.labels().entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .toList());
    }
}

package dev.vitals.api;

import dev.vitals.accounts.Audit;
import dev.vitals.accounts.Caller;
import dev.vitals.accounts.Role;
import dev.vitals.silences.Candidate;
import dev.vitals.silences.Matcher;
import dev.vitals.silences.Matchers;
import dev.vitals.silences.Silence;
import dev.vitals.silences.SilenceException;
import dev.vitals.silences.SilenceRequest;
import dev.vitals.silences.Silences;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code /api/v1/silences}: make, list, read, expire and preview silences. A responder silences only
 * alerts of their own teams: their silence must carry a matcher {@code team="<one of theirs>"}.
 */
public final class SilenceRoutes {
    /** How many expired silences a list shows at most; they pile up over the months. */
    static final int MAX_EXPIRED = 500;

    private final Silences silences;
    private final Audit audit;
    private final Supplier<List<Candidate>> candidates;

    public SilenceRoutes(Silences silences, Audit audit, Supplier<List<Candidate>> candidates) {
        this.silences = silences;
        this.audit = audit;
        this.candidates = candidates;
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/api/v1/silences", this::list),
                Route.post("/api/v1/silences", this::create),
                Route.post("/api/v1/silences/preview", this::preview),
                Route.get("/api/v1/silences/{id}", this::one),
                Route.delete("/api/v1/silences/{id}", this::expire));
    }

    private void list(Context ctx) {
        String state = ctx.queryParam("state");
        int limit = Params.integer(ctx, "limit", 100, 1, MAX_EXPIRED);
        List<Silence.State> states;
        if (state == null || state.isBlank()) {
            states = List.of(Silence.State.ACTIVE, Silence.State.PENDING, Silence.State.EXPIRED);
        } else {
            states = List.of(java.util.Arrays.stream(Silence.State.values())
                    .filter(s -> s.wire().equals(state.strip()))
                    .findFirst()
                    .orElseThrow(() -> ApiException.badRequest(
                            "state", "state must be active, pending or expired, not \"" + state + "\"")));
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Silence.State s : states) {
            for (Silence x : silences.list(s, limit)) {
                out.add(view(x, s));
            }
        }
        ctx.json(Map.of("silences", out));
    }

    private void create(Context ctx) {
        SilenceRequest r = fieldErrors(() -> SilenceRequest.fromJson(Params.body(ctx)));
        Silence s = create(ctx, r);
        ctx.status(201).header("Location", "/api/v1/silences/" + s.id()).json(view(s, s.state(s.createdAt())));
    }

    /**
     * Makes a silence for the caller of {@code ctx}, with the API's checks (a responder's silence names
     * one of their teams) and its audit record; the console's form comes here too. Throws
     * {@link ApiException} naming the field.
     */
    public Silence create(Context ctx, SilenceRequest r) {
        Caller caller = Guard.caller(ctx);
        requireTeam(caller, teamOf(r.matchers()), "silence");
        Silence s = fieldErrors(() -> silences.create(r, caller.name()));
        audit.record(caller, AccountRoutes.address(ctx), "silence.create", Optional.of(s.id()), summary(s));
        return s;
    }

    private void one(Context ctx) {
        Silence s = find(ctx.pathParam("id"));
        ctx.json(view(s, silences.stateNow(s)));
    }

    private void expire(Context ctx) {
        Silence s = expire(ctx, ctx.pathParam("id"));
        ctx.json(view(s, Silence.State.EXPIRED));
    }

    /** Ends silence {@code id} now for the caller of {@code ctx}, with the API's checks and audit record. */
    public Silence expire(Context ctx, String id) {
        Caller caller = Guard.caller(ctx);
        Silence before = find(id);
        requireTeam(caller, teamOf(before.matchers()), "expire");
        Silence s = silences.expire(before.id()).orElseThrow(() -> notFound(before.id()));
        if (!s.equals(before)) {
            audit.record(caller, AccountRoutes.address(ctx), "silence.expire", Optional.of(s.id()), summary(s));
        }
        return s;
    }

    /** What {@code matchers} would mute now: the monitors and firing alerts they match. */
    public List<Candidate> preview(List<Matcher> matchers) {
        return candidates.get().stream()
                .filter(c -> Matchers.all(matchers, c.labels()))
                .toList();
    }

    /** The silences in {@code state}, as the API lists them. */
    public List<Silence> list(Silence.State state, int limit) {
        return silences.list(state, limit);
    }

    private void preview(Context ctx) {
        List<Matcher> matchers = fieldErrors(() -> SilenceRequest.matchersFromJson(Params.body(ctx)));
        List<Map<String, Object>> hits =
                preview(matchers).stream().map(SilenceRoutes::candidate).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("matchers", Matchers.view(matchers));
        out.put("count", hits.size());
        out.put("matches", hits);
        ctx.json(out);
    }

    static Map<String, Object> candidate(Candidate c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", c.kind());
        m.put("id", c.id());
        m.put("name", c.name());
        m.put("labels", new java.util.TreeMap<>(c.labels()));
        return m;
    }

    private Silence find(String id) {
        return silences.get(id).orElseThrow(() -> notFound(id));
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("no silence with id \"" + id + "\"");
    }

    /** The team a silence is about: its matcher {@code team="..."}, if it has one. */
    private static Optional<String> teamOf(List<Matcher> matchers) {
        return matchers.stream()
                .filter(m -> m.name().equals(MonitorRoutes.TEAM) && m.op() == Matcher.Op.EQUAL)
                .map(Matcher::value)
                .findFirst();
    }

    /**
     * Responders act only on their own teams' alerts, as with monitors; admins on any. {@code team}
     * is the team the silence or window names, if any.
     */
    static void requireTeam(Caller caller, Optional<String> team, String verb) {
        if (caller.role() == Role.ADMIN) {
            return;
        }
        String yours = caller.teams().isEmpty()
                ? " (you are in no team)"
                : " (" + String.join(", ", new java.util.TreeSet<>(caller.teams())) + ")";
        if (team.isEmpty()) {
            throw Guard.forbidden("a responder can " + verb + " only alerts of their own teams" + yours
                    + "; name the team with a matcher team=\"...\" (for a window: match: {team: ...})");
        }
        if (!caller.teams().contains(team.get())) {
            throw Guard.forbidden("this is about team \"" + team.get() + "\"; a responder can " + verb
                    + " only alerts of their own teams" + yours);
        }
    }

    private static Map<String, Object> view(Silence s, Silence.State state) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("state", state.wire());
        m.put("matchers", Matchers.view(s.matchers()));
        m.put("starts_at", s.startsAt().toString());
        m.put("ends_at", s.endsAt().toString());
        m.put("created_by", s.createdBy());
        m.put("comment", s.comment());
        m.put("created_at", s.createdAt().toString());
        m.put("updated_at", s.updatedAt().toString());
        return m;
    }

    private static Map<String, Object> summary(Silence s) {
        return Map.of(
                "matchers",
                s.matchers().stream().map(Matcher::toString).toList(),
                "starts_at",
                s.startsAt().toString(),
                "ends_at",
                s.endsAt().toString(),
                "comment",
                s.comment());
    }

    private static <T> T fieldErrors(Supplier<T> action) {
        try {
            return action.get();
        } catch (SilenceException e) {
            throw ApiException.badRequest(e.field(), e.getMessage());
        }
    }
}

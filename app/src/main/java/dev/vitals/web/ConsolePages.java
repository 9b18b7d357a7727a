package dev.vitals.web;

import dev.vitals.api.ApiException;
import dev.vitals.api.Route;
import dev.vitals.board.Filter;
import dev.vitals.board.Overview;
import dev.vitals.checks.CheckResult;
import dev.vitals.checks.Phase;
import dev.vitals.evaluation.State;
import dev.vitals.monitors.Monitor;
import dev.vitals.monitors.MonitorRegistry;
import dev.vitals.results.Availability;
import dev.vitals.results.ResultTables;
import dev.vitals.results.Series;
import dev.vitals.store.Database;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The console: the overview of every monitor, what is wrong now, and one monitor in detail. Pages are
 * rendered whole on the server; {@link LiveUpdates} keeps them current without a reload.
 */
final class ConsolePages {
    /** Rows per overview page: a page of 100 weighs well under 300 KB. */
    static final int PAGE_SIZE = 100;

    /** The detail page's windows: their length, the chart's step, and how the time axis is written. */
    enum Window {
        H1("1h", "1 hour", Duration.ofHours(1), Duration.ofMinutes(1), "HH:mm"),
        H24("24h", "24 hours", Duration.ofHours(24), Duration.ofMinutes(10), "HH:mm"),
        D7("7d", "7 days", Duration.ofDays(7), Duration.ofHours(1), "MM-dd HH:mm"),
        D30("30d", "30 days", Duration.ofDays(30), Duration.ofHours(6), "MM-dd"),
        D90("90d", "90 days", Duration.ofDays(90), Duration.ofDays(1), "MM-dd");

        final String key;
        final String label;
        final Duration length;
        final Duration step;
        final DateTimeFormatter axis;

        Window(String key, String label, Duration length, Duration step, String axis) {
            this.key = key;
            this.label = label;
            this.length = length;
            this.step = step;
            this.axis = DateTimeFormatter.ofPattern(axis).withZone(ZoneOffset.UTC);
        }

        static Window of(String key) {
            for (Window w : values()) {
                if (w.key.equals(key)) {
                    return w;
                }
            }
            throw ApiException.badRequest(
                    "range",
                    "range must be one of "
                            + java.util.Arrays.stream(values()).map(w -> w.key).collect(Collectors.joining(", ")));
        }
    }

    private final Html html;
    private final Database db;
    private final MonitorRegistry registry;
    private final Overview overview;
    private final Availability availability;
    private final Series series;
    private final java.util.function.Function<String, Optional<CheckResult>> latest;
    private final InstantSource clock;
    private final JobViews jobs;

    ConsolePages(
            Html html,
            Database db,
            MonitorRegistry registry,
            Overview overview,
            Availability availability,
            Series series,
            java.util.function.Function<String, Optional<CheckResult>> latest,
            InstantSource clock,
            JobViews jobs) {
        this.html = html;
        this.db = db;
        this.registry = registry;
        this.overview = overview;
        this.availability = availability;
        this.series = series;
        this.latest = latest;
        this.clock = clock;
        this.jobs = jobs;
    }

    List<Route> routes() {
        return List.of(
                Route.get("/", this::overview),
                Route.get("/problems", this::problems),
                Route.get("/monitors/{id}", this::detail));
    }

    static Filter filter(Context ctx) {
        try {
            return Filter.parse(ctx.queryParam("q"), ctx.queryParams("label"), ctx.queryParams("state"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("filter", e.getMessage());
        }
    }

    static int page(Context ctx) {
        String p = ctx.queryParam("page");
        if (p == null || p.isBlank()) {
            return 1;
        }
        try {
            return Math.max(1, Integer.parseInt(p.strip()));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("page", "page must be a whole number, such as 2");
        }
    }

    private void overview(Context ctx) {
        Instant now = clock.instant();
        Optional<String> problem = Optional.empty();
        Filter f;
        try {
            f = Filter.parse(ctx.queryParam("q"), ctx.queryParams("label"), ctx.queryParams("state"));
        } catch (IllegalArgumentException e) {
            // A wrong filter is said on the page, which still shows everything.
            problem = Optional.of(Format.sentence(e.getMessage()));
            f = Filter.ALL;
        }
        int page;
        try {
            page = page(ctx);
        } catch (ApiException e) {
            problem = Optional.of(Format.sentence(e.getMessage()));
            page = 1;
        }
        Overview.Page p = overview.page(f, page, PAGE_SIZE);
        List<ConsoleViews.Count> counts = new ArrayList<>();
        for (Map.Entry<State, Integer> e : p.counts().entrySet()) {
            Status s = Status.of(e.getKey());
            counts.add(new ConsoleViews.Count(
                    s,
                    e.getValue(),
                    "/?" + query(f, List.of(s.word()), 1),
                    f.states().equals(java.util.Set.of(e.getKey()))));
        }
        List<ConsoleViews.Group> groups = p.groups().stream()
                .map(g -> new ConsoleViews.Group(
                        g.name(),
                        g.rows().stream().map(r -> Console.row(r, now)).toList()))
                .toList();
        List<Choice> states = new ArrayList<>();
        states.add(new Choice("", "Any state", f.states().isEmpty()));
        for (State s : List.of(State.DOWN, State.DEGRADED, State.UNKNOWN, State.PENDING, State.UP, State.PAUSED)) {
            states.add(new Choice(
                    s.word(),
                    Status.of(s).label(),
                    f.states().size() == 1 && f.states().contains(s)));
        }
        List<String> stateWords = f.states().stream().map(State::word).toList();
        int from = (p.page() - 1) * PAGE_SIZE + 1;
        int to = Math.min(p.matched(), p.page() * PAGE_SIZE);
        String showing = p.matched() == 0
                ? "No monitor matches."
                : p.pages() == 1
                        ? p.matched() + (p.matched() == 1 ? " monitor." : " monitors.")
                        : "Monitors " + from + " to " + to + " of " + p.matched() + " (page " + p.page() + " of "
                                + p.pages() + ").";
        Filter shown = f;
        html.render(
                ctx,
                200,
                "overview.jte",
                new ConsoleViews.Overview(
                        html.frame(ctx, "Overview"),
                        f.text(),
                        String.join(" ", f.labelWords()),
                        states,
                        counts,
                        groups,
                        p.matched(),
                        p.counts().values().stream().mapToInt(Integer::intValue).sum(),
                        showing,
                        p.page() > 1 ? Optional.of("/?" + query(shown, stateWords, p.page() - 1)) : Optional.empty(),
                        p.page() < p.pages()
                                ? Optional.of("/?" + query(shown, stateWords, p.page() + 1))
                                : Optional.empty(),
                        problem,
                        "/events?" + query(shown, stateWords, p.page())));
    }

    /** A query string for the overview with this filter, these states and this page. */
    static String query(Filter f, List<String> states, int page) {
        List<String> parts = new ArrayList<>();
        if (!f.text().isEmpty()) {
            parts.add("q=" + enc(f.text()));
        }
        for (String l : f.labelWords()) {
            parts.add("label=" + enc(l));
        }
        for (String s : states) {
            parts.add("state=" + enc(s));
        }
        if (page > 1) {
            parts.add("page=" + page);
        }
        return String.join("&", parts);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private void problems(Context ctx) {
        Instant now = clock.instant();
        List<Console.RowView> troubled = new ArrayList<>();
        List<Console.RowView> paused = new ArrayList<>();
        for (Overview.Row r : overview.problems()) {
            (r.state() == State.PAUSED ? paused : troubled).add(Console.row(r, now));
        }
        html.render(
                ctx,
                200,
                "problems.jte",
                new ConsoleViews.Problems(html.frame(ctx, "What's wrong now"), troubled, paused, "/events?problems=1"));
    }

    private void detail(Context ctx) {
        String id = ctx.pathParam("id");
        Monitor m = registry.get(id).orElseThrow(() -> ApiException.notFound("no monitor with id \"" + id + "\""));
        String rangeKey = Optional.ofNullable(ctx.queryParam("range")).orElse("24h");
        Window w = Window.of(rangeKey);
        Instant now = clock.instant();
        Instant from = now.minus(w.length);
        Overview.Row row = overview.row(id, registry::get).orElseThrow();
        List<Series.Point> points = series.of(id, from, now, w.step);
        String[] axis = new String[5];
        for (int i = 0; i < axis.length; i++) {
            axis[i] = w.axis.format(from.plus(w.length.multipliedBy(i).dividedBy(axis.length - 1)));
        }
        Svg.Chart chart = Svg.chart(points, m.slow(), axis);
        var report = availability.of(id, from, now);
        String p50 = "–";
        String p95 = "–";
        String p99 = "–";
        String avail = "–";
        if (report.isPresent()) {
            var sketch = report.get().latency();
            if (sketch.isPresent()) {
                p50 = Console.latency(Duration.ofNanos(sketch.get().quantile(0.50) * 1000));
                p95 = Console.latency(Duration.ofNanos(sketch.get().quantile(0.95) * 1000));
                p99 = Console.latency(Duration.ofNanos(sketch.get().quantile(0.99) * 1000));
            }
            avail = Console.percent(report.get().availability());
        }
        Optional<CheckResult> last = latest.apply(id);
        List<ConsoleViews.PhaseView> phases = new ArrayList<>();
        String phasesOf = "No check has finished yet.";
        if (last.isPresent()) {
            long total = last.get().timings().asMap().values().stream()
                    .mapToLong(Duration::toNanos)
                    .sum();
            int x = 0;
            for (Phase ph : Phase.values()) {
                Optional<Duration> d = last.get().timings().get(ph);
                if (d.isPresent()) {
                    int width =
                            total == 0 ? 0 : (int) Math.round(600.0 * d.get().toNanos() / total);
                    phases.add(
                            new ConsoleViews.PhaseView(ph.key(), phaseLabel(ph), Console.latency(d.get()), x, width));
                    x += width;
                }
            }
            phasesOf = "The last check, at " + Format.exact(last.get().at()) + ", took "
                    + Console.latency(last.get().latency()) + (phases.isEmpty() ? "; it records no phases." : ":");
        }
        Instant dayFrom = now.minus(Duration.ofDays(89));
        List<Series.Point> dayPoints = series.of(id, dayFrom, now, Duration.ofDays(1));
        List<ConsoleViews.Day> days = new ArrayList<>();
        int[] tally = new int[4];
        for (int i = 0; i < dayPoints.size(); i++) {
            var c = dayPoints.get(i).counts();
            String css;
            String word;
            if (c.good() + c.bad() == 0) {
                css = "day day-unknown";
                word = "no data";
                tally[3]++;
            } else if (c.down() > 0) {
                css = "day day-down";
                word = "down at times";
                tally[2]++;
            } else if (c.bad() > 0) {
                css = "day day-slow";
                word = "slow at times";
                tally[1]++;
            } else {
                css = "day day-good";
                word = "good";
                tally[0]++;
            }
            String date = DateTimeFormatter.ISO_LOCAL_DATE
                    .withZone(ZoneOffset.UTC)
                    .format(dayPoints.get(i).from());
            String title = date + ": " + word
                    + (c.good() + c.bad() == 0
                            ? ""
                            : ", "
                                    + Console.percent(
                                            java.util.OptionalDouble.of((double) c.good() / (c.good() + c.bad())))
                                    + " (" + c.good() + " good, " + c.slow() + " slow, " + c.degraded() + " degraded, "
                                    + c.down() + " down)");
            days.add(new ConsoleViews.Day(css, word, i * 8, title));
        }
        String daysSummary = tally[0] + " good days, " + tally[1] + " slow at times, " + tally[2] + " down at times, "
                + tally[3] + " without data.";
        List<ConsoleViews.ResultView> results =
                db.read(c -> ResultTables.results(c, id, now.minus(Duration.ofDays(8)), now.plusMillis(1), 20)).stream()
                        .map(r -> new ConsoleViews.ResultView(
                                Format.exact(r.at()),
                                Status.of(
                                        switch (r.outcome()) {
                                            case UP -> State.UP;
                                            case SLOW, DEGRADED -> State.DEGRADED;
                                            case DOWN -> State.DOWN;
                                            case UNKNOWN -> State.UNKNOWN;
                                        }),
                                r.outcome() == dev.vitals.checks.Outcome.DOWN ? "–" : Console.latency(r.latency()),
                                r.reason().orElse("")))
                        .toList();
        List<ConsoleViews.FlipView> flips =
                db.read(c -> ResultTables.flips(c, Optional.of(id), Instant.EPOCH, now.plusMillis(1), 20)).stream()
                        .map(f -> new ConsoleViews.FlipView(
                                Format.exact(f.flip().at()),
                                Status.of(f.flip().from()),
                                Status.of(f.flip().to()),
                                f.flip().reason()))
                        .toList();
        List<ConsoleViews.Range> ranges = new ArrayList<>();
        for (Window x : Window.values()) {
            ranges.add(new ConsoleViews.Range(
                    x.key, x.label, "/monitors/" + Console.path(id) + "?range=" + x.key, x == w));
        }
        List<String> labels = m.labels().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .toList();
        html.render(
                ctx,
                200,
                "monitor.jte",
                new ConsoleViews.Detail(
                        html.frame(ctx, m.name()),
                        Console.row(row, now),
                        m.kind(),
                        m.target().describe(),
                        Console.duration(m.interval()),
                        slow(m),
                        labels,
                        ranges,
                        w.label,
                        chart,
                        p50,
                        p95,
                        p99,
                        avail,
                        phases,
                        phasesOf,
                        days,
                        daysSummary,
                        results,
                        flips,
                        jobs.of(m, dev.vitals.api.Guard.caller(ctx), now),
                        "/events?monitor=" + enc(id)));
    }

    /** The slow threshold in words; empty for a push monitor without one (its runs are never slow). */
    private static String slow(Monitor m) {
        if (m.isPush()) {
            return m.slow().equals(dev.vitals.monitors.PushTarget.NEVER_SLOW) ? "" : JobViews.took(m.slow());
        }
        return Console.latency(m.slow());
    }

    private static String phaseLabel(Phase p) {
        return switch (p) {
            case DNS -> "DNS lookup";
            case CONNECT -> "Connect";
            case TLS -> "TLS handshake";
            case FIRST_BYTE -> "First byte";
            case TRANSFER -> "Transfer";
        };
    }
}

package dev.vitals.maintenance;

import dev.vitals.config.MapReader;
import dev.vitals.config.Node;
import dev.vitals.config.ReadContext;
import dev.vitals.config.Scalars;
import dev.vitals.config.ValueParser;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@code maintenance:} section of the configuration file: a list of windows, each with a
 * one-off {@code start} date-time, or an {@code rrule} or {@code cron} schedule. Every problem is
 * reported at its place; a window with a problem is left out.
 */
public final class MaintenanceReader {
    /**
     * The first date of a rule that gives none. Only rules that do not count from their first date
     * may go without {@code starts_on}, and for them any earlier date gives the same starts.
     */
    static final LocalDate NO_FIRST_DATE = LocalDate.of(2000, 1, 1);

    private static final ValueParser<Duration> DURATION = Scalars.duration()
            .where(
                    d -> !d.isZero() && !d.isNegative() && d.compareTo(MaintenanceWindow.MAX_DURATION) <= 0,
                    "must be more than 0s and at most 31d");

    private static final ValueParser<ZoneId> ZONE = Scalars.nonBlank()
            .map(String::strip)
            .where(MaintenanceReader::isZone, "unknown time zone; use an IANA name such as Europe/Berlin or UTC")
            .map(ZoneId::of);

    private static final ValueParser<LocalTime> TIME_OF_DAY =
            parsed(LocalTime::parse, "must be a time of day such as \"22:00\" (the rule gives the days)");

    private static final ValueParser<LocalDateTime> DATE_TIME = parsed(
            LocalDateTime::parse, "must be a local date-time such as \"2026-12-24T18:00\" (or give rrule or cron)");

    private static final ValueParser<LocalDate> DATE = parsed(LocalDate::parse, "must be a date such as 2026-01-01");

    private MaintenanceReader() {}

    /** Reads the list, reporting duplicate names at the second use. */
    public static List<MaintenanceWindow> readList(Node node, ReadContext ctx) {
        if (!(node instanceof Node.ListNode list)) {
            ctx.problems()
                    .add(
                            node,
                            "maintenance must be a list (each item starting with \"- name: ...\"), not "
                                    + node.describe());
            return List.of();
        }
        List<MaintenanceWindow> out = new ArrayList<>();
        Map<String, Node> seen = new HashMap<>();
        for (Node item : list.items()) {
            Optional<MaintenanceWindow> w =
                    MapReader.of(item, "a maintenance window", ctx).flatMap(MaintenanceReader::read);
            if (w.isEmpty()) {
                continue;
            }
            Node first = seen.putIfAbsent(w.get().name(), item);
            if (first != null) {
                ctx.problems()
                        .add(
                                item,
                                "maintenance name \"" + w.get().name() + "\" is used twice; the first is at line "
                                        + first.location().line());
                continue;
            }
            out.add(w.get());
        }
        return List.copyOf(out);
    }

    /**
     * Reads one window, as the API receives it: the same keys, checks and messages as an item of the
     * file's list. Problems go to {@code ctx}; empty when there are any.
     */
    public static Optional<MaintenanceWindow> readOne(Node node, ReadContext ctx) {
        return MapReader.of(node, "a maintenance window", ctx).flatMap(MaintenanceReader::read);
    }

    private static Optional<MaintenanceWindow> read(MapReader r) {
        ReadContext ctx = r.context();
        Optional<String> name = r.required("name", Scalars.nonBlank().map(String::strip));
        Optional<Node> rrule = r.node("rrule");
        Optional<Node> cron = r.node("cron");
        Optional<Node> start = r.node("start");
        Optional<Node> startsOn = r.node("starts_on");
        Optional<Duration> duration = r.required("duration", DURATION);
        Optional<ZoneId> zone = r.required("tz", ZONE);
        Optional<Map<String, String>> match = r.required("match", Scalars.mapOf(Scalars.nonBlank()))
                .filter(m -> {
                    if (m.isEmpty()) {
                        r.node("match").ifPresent(n -> ctx.problems().add(n, "match must name at least one label"));
                    }
                    return !m.isEmpty();
                });
        r.finish();
        Optional<Schedule> schedule = schedule(r, rrule, cron, start, startsOn);
        if (name.isEmpty() || duration.isEmpty() || zone.isEmpty() || match.isEmpty() || schedule.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new MaintenanceWindow(name.get(), schedule.get(), duration.get(), zone.get(), match.get()));
    }

    private static Optional<Schedule> schedule(
            MapReader r, Optional<Node> rrule, Optional<Node> cron, Optional<Node> start, Optional<Node> startsOn) {
        ReadContext ctx = r.context();
        if (rrule.isPresent() && cron.isPresent()) {
            ctx.problems().add(cron.get(), "give either rrule or cron, not both");
            return Optional.empty();
        }
        if (cron.isPresent()) {
            start.ifPresent(
                    n -> ctx.problems().add(n, "start does not go with cron; the cron expression gives the time"));
            startsOn.ifPresent(n -> ctx.problems().add(n, "starts_on goes with rrule only"));
            return ValueParser.apply(Scalars.nonBlank(), cron.get(), ctx).flatMap(text -> {
                try {
                    return Optional.of(new Schedule.Cron(text.strip()));
                } catch (ScheduleException e) {
                    ctx.problems().add(cron.get(), e.getMessage());
                    return Optional.empty();
                }
            });
        }
        if (rrule.isEmpty()) {
            startsOn.ifPresent(n -> ctx.problems().add(n, "starts_on goes with rrule only"));
            if (start.isEmpty()) {
                ctx.problems()
                        .add(
                                r.node().location(),
                                r.node().path() + ".start",
                                "start is required (a date-time for a one-off window, or give rrule or cron)");
                return Optional.empty();
            }
            return ValueParser.apply(DATE_TIME, start.get(), ctx).map(Schedule.Once::new);
        }
        Optional<String> text = ValueParser.apply(Scalars.nonBlank(), rrule.get(), ctx);
        if (start.isEmpty()) {
            ctx.problems()
                    .add(
                            r.node().location(),
                            r.node().path() + ".start",
                            "start is required with rrule (the time of day, such as \"22:00\")");
        }
        Optional<LocalTime> time = start.flatMap(n -> ValueParser.apply(TIME_OF_DAY, n, ctx));
        Optional<LocalDate> first = startsOn.flatMap(n -> ValueParser.apply(DATE, n, ctx));
        if (text.isEmpty() || time.isEmpty() || (startsOn.isPresent() && first.isEmpty())) {
            return Optional.empty();
        }
        try {
            if (first.isEmpty() && RecurrenceRules.dependsOnFirstDate(text.get())) {
                ctx.problems()
                        .add(
                                rrule.get(),
                                "this rule counts from its first date (COUNT, INTERVAL, or a day"
                                        + " it does not name); give starts_on: YYYY-MM-DD");
                return Optional.empty();
            }
            return Optional.of(new Schedule.Rule(text.get().strip(), time.get(), first.orElse(NO_FIRST_DATE)));
        } catch (ScheduleException e) {
            ctx.problems().add(rrule.get(), e.getMessage());
            return Optional.empty();
        }
    }

    private static boolean isZone(String id) {
        try {
            ZoneId.of(id);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static <T> ValueParser<T> parsed(java.util.function.Function<String, T> parse, String message) {
        return (node, ctx) -> ValueParser.apply(Scalars.nonBlank(), node, ctx).flatMap(s -> {
            try {
                return Optional.of(parse.apply(s.strip()));
            } catch (DateTimeParseException e) {
                ctx.problems().add(node, message);
                return Optional.empty();
            }
        });
    }
}

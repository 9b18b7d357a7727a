package dev.vitals.monitors;

import dev.vitals.config.Durations;
import dev.vitals.config.MapReader;
import dev.vitals.config.Scalars;
import dev.vitals.config.ValueParser;
import dev.vitals.maintenance.Schedule;
import dev.vitals.maintenance.ScheduleException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A job that reports in: nothing is checked; the job pings {@code /ping/{key}} when it runs, and
 * silence past its due time and {@code grace} is the alarm. It is due by {@code schedule} (cron, in
 * {@code tz}) or every {@code period}. {@code maxDuration}: a run started and not finished by then is
 * down ("running too long"); {@code minDuration}: a run finished faster is degraded. The ping key is
 * given ({@code key}) or made once and kept by Vitals.
 */
public record PushTarget(
        Optional<UUID> key,
        Optional<String> cron,
        Optional<Duration> period,
        ZoneId tz,
        Duration grace,
        Optional<Duration> maxDuration,
        Optional<Duration> minDuration)
        implements Target {

    /** healthchecks.io's defaults: a daily job with an hour of grace. */
    public static final Duration DEFAULT_PERIOD = Duration.ofDays(1);

    public static final Duration DEFAULT_GRACE = Duration.ofHours(1);

    /** A push monitor's {@code slow} when none is given: no run is slow. */
    public static final Duration NEVER_SLOW = Duration.ofDays(36500);

    private static final Duration MIN_PERIOD = Duration.ofMinutes(1);
    private static final Duration MAX_PERIOD = Duration.ofDays(365);

    @Override
    public String kind() {
        return "push";
    }

    @Override
    public String describe() {
        return cron.map(c -> "pings by cron \"" + c + "\" in " + tz.getId())
                .orElseGet(() -> "pings every " + Durations.format(period.orElse(DEFAULT_PERIOD)));
    }

    static Optional<Target> read(MapReader m) {
        Optional<UUID> key = m.optional("key", uuid());
        Optional<String> cron = m.optional("schedule", cronParser());
        Optional<Duration> period = m.optional("period", between(MIN_PERIOD, MAX_PERIOD, "period"));
        ZoneId tz = m.value("tz", zone(), ZoneId.of("UTC"));
        Duration grace = m.value("grace", between(Duration.ofSeconds(1), MAX_PERIOD, "grace"), DEFAULT_GRACE);
        Optional<Duration> max = m.optional("max_duration", between(Duration.ofSeconds(1), MAX_PERIOD, "max_duration"));
        Optional<Duration> min = m.optional("min_duration", between(Duration.ofSeconds(1), MAX_PERIOD, "min_duration"));
        boolean ok = true;
        if (m.has("schedule") && m.has("period")) {
            m.context()
                    .problems()
                    .add(m.node().get("period").orElseThrow(), "give either schedule (cron) or period, not both");
            ok = false;
        }
        if (m.has("tz") && !m.has("schedule")) {
            m.context()
                    .problems()
                    .add(m.node().get("tz").orElseThrow(), "tz is the zone of a cron schedule; a period needs none");
            ok = false;
        }
        if (max.isPresent() && min.isPresent() && min.get().compareTo(max.get()) >= 0) {
            m.context()
                    .problems()
                    .add(
                            m.node().get("min_duration").orElseThrow(),
                            "min_duration (" + Durations.format(min.get()) + ") must be shorter than max_duration ("
                                    + Durations.format(max.get()) + ")");
            ok = false;
        }
        if (!ok || (m.has("schedule") && cron.isEmpty()) || (m.has("period") && period.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new PushTarget(
                key,
                cron,
                cron.isPresent() ? Optional.empty() : Optional.of(period.orElse(DEFAULT_PERIOD)),
                tz,
                grace,
                max,
                min));
    }

    @Override
    public void render(Map<String, Object> out) {
        key.ifPresent(k -> out.put("key", k.toString()));
        cron.ifPresent(c -> {
            out.put("schedule", c);
            out.put("tz", tz.getId());
        });
        period.ifPresent(p -> out.put("period", Durations.format(p)));
        out.put("grace", Durations.format(grace));
        maxDuration.ifPresent(d -> out.put("max_duration", Durations.format(d)));
        minDuration.ifPresent(d -> out.put("min_duration", Durations.format(d)));
    }

    private static ValueParser<UUID> uuid() {
        return Scalars.nonBlank()
                .where(
                        s -> s.strip()
                                .matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"),
                        "a ping key is a UUID such as 4f8a2c1e-7d3b-4e9a-b6c5-0a1b2c3d4e5f; leave key out to have one made")
                .map(s -> UUID.fromString(s.strip().toLowerCase(java.util.Locale.ROOT)));
    }

    private static ValueParser<String> cronParser() {
        return Scalars.nonBlank()
                .map(String::strip)
                .where(
                        s -> {
                            try {
                                new Schedule.Cron(s);
                                return true;
                            } catch (ScheduleException e) {
                                return false;
                            }
                        },
                        "schedule must be a cron expression of five fields (minute hour day-of-month month"
                                + " day-of-week), such as \"30 1 * * *\" for 01:30 every day");
    }

    private static ValueParser<ZoneId> zone() {
        return Scalars.nonBlank()
                .map(String::strip)
                .where(
                        s -> {
                            try {
                                ZoneId.of(s);
                                return true;
                            } catch (DateTimeException e) {
                                return false;
                            }
                        },
                        "tz must be a time zone such as Europe/Berlin or UTC")
                .map(ZoneId::of);
    }

    private static ValueParser<Duration> between(Duration min, Duration max, String key) {
        return Scalars.duration()
                .where(
                        d -> d.compareTo(min) >= 0 && d.compareTo(max) <= 0,
                        key + " must be between " + Durations.format(min) + " and " + Durations.format(max));
    }
}

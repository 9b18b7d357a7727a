package dev.vitals.push;

import dev.vitals.config.Durations;
import dev.vitals.maintenance.Schedule;
import dev.vitals.maintenance.ScheduleException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * When a push monitor's next ping is expected, given its last one: on a cron schedule in a time zone
 * or a fixed period after each ping, as healthchecks.io does. The grace period and the states built
 * on the due time are the monitor's business, not the schedule's.
 */
public sealed interface PushSchedule permits PushSchedule.Cron, PushSchedule.Period {
    /** The shortest period: pings are counted in minutes, like cron's finest step. */
    Duration MIN_PERIOD = Duration.ofMinutes(1);

    /** When the next ping is expected after one at {@code lastPing}; always strictly after it. */
    Instant dueAfter(Instant lastPing);

    /** The schedule in plain English, for the console and the API. */
    String describe();

    /**
     * A cron schedule read from configuration or the API: {@code expression} has five fields
     * (minute hour day-of-month month day-of-week) and {@code zone} is an IANA name such as {@code
     * Europe/Berlin}.
     *
     * @throws PushException naming the value that is wrong
     */
    static Cron cron(String expression, String zone) {
        ZoneId z;
        try {
            z = ZoneId.of(zone.strip());
        } catch (DateTimeException e) {
            throw new PushException(
                    "unknown time zone \"" + zone + "\"; use an IANA name such as Europe/Berlin or UTC", e);
        }
        return new Cron(expression.strip(), z);
    }

    /**
     * A period read from configuration or the API, in Vitals's duration syntax ({@code 1d}, {@code
     * 2h}, {@code 90m}).
     *
     * @throws PushException naming the value that is wrong
     */
    static Period period(String text) {
        Duration d = Durations.parse(text)
                .orElseThrow(
                        () -> new PushException("bad period \"" + text + "\"; write a duration such as 15m, 2h or 1d"));
        return new Period(d);
    }

    /**
     * Expected on a cron schedule, read on the wall clock of {@code zone}: the first cron time strictly
     * after the last ping. Daylight-saving changes follow Debian's cron (Vixie cron), which is what
     * most monitored jobs run under, and what healthchecks.io imitates:
     *
     * <ul>
     *   <li>A schedule at fixed times (neither the minute nor the hour field starts with {@code *}, as
     *       in {@code 30 2 * * *}): a time inside the spring-forward gap is due at the first instant
     *       that exists (02:30 on 2026-03-29 in Europe/Berlin is due at 03:00 CEST), and a time that
     *       happens twice in autumn is due once, at its first occurrence (02:30 CEST on 2026-10-25).
     *       The job runs once a day, whatever the clock does.
     *   <li>A schedule whose minute or hour is a wildcard ({@code *}{@code /15 * * * *}, {@code 0 * *
     *       * *}) follows the clock as it is shown: times in the gap do not happen, times in the
     *       repeated hour happen twice. So "every 15 minutes" stays every 15 real minutes through both
     *       changes, and "every hour" every real hour.
     * </ul>
     *
     * The expression is parsed once ({@code maintenance.Schedule.Cron} keeps what it parsed); finding
     * the next time is then a search from the last run's end, once per ping.
     */
    record Cron(String expression, ZoneId zone) implements PushSchedule {
        public Cron {
            Schedule.Cron cron = schedule(expression);
            if (!cron.startsFrom(LocalDateTime.of(2000, 1, 1, 0, 0)).hasNext()) {
                throw new PushException(
                        "cron expression \"" + expression + "\" never fires (such as the 30th of February)");
            }
        }

        static Schedule.Cron schedule(String expression) {
            if (expression.strip().split("\\s+", -1).length != 5) {
                throw new PushException("bad cron expression \""
                        + expression
                        + "\": give five fields (minute hour day-of-month month day-of-week), such as"
                        + " \"30 1 * * *\"");
            }
            try {
                return new Schedule.Cron(expression);
            } catch (ScheduleException e) {
                throw new PushException(e.getMessage(), e);
            }
        }

        @Override
        public Instant dueAfter(Instant lastPing) {
            return CronDue.after(this, lastPing);
        }

        @Override
        public String describe() {
            return CronWords.describe(expression, zone);
        }
    }

    /** Expected a fixed {@code period} of real time after each ping (at least {@link #MIN_PERIOD}). */
    record Period(Duration period) implements PushSchedule {
        public Period {
            if (period.compareTo(MIN_PERIOD) < 0) {
                throw new PushException("period " + Durations.format(period) + " is too short; give at least 1m");
            }
        }

        @Override
        public Instant dueAfter(Instant lastPing) {
            return lastPing.plus(period);
        }

        /** "every 1 day", "every 2 hours", "every 90 minutes": the largest unit that divides it. */
        @Override
        public String describe() {
            long ms = period.toMillis();
            long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1000L, 1L};
            String[] units = {"day", "hour", "minute", "second", "millisecond"};
            for (int i = 0; ; i++) {
                if (ms % sizes[i] == 0) {
                    long n = ms / sizes[i];
                    return "every " + n + " " + units[i] + (n == 1 ? "" : "s");
                }
            }
        }
    }
}

package dev.vitals.maintenance;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * When a window starts, as local date-times (wall-clock times in the window's zone). A schedule
 * knows nothing of zones: {@link MaintenanceWindow} turns its local starts into instants, so that
 * the daylight-saving rules live in one place ({@link LocalStarts}).
 */
public sealed interface Schedule permits Schedule.Once, Schedule.Rule, Schedule.Cron {
    /** The local starts at or after {@code from}, in order. May be endless. */
    Iterator<LocalDateTime> startsFrom(LocalDateTime from);

    /** A one-off window. */
    record Once(LocalDateTime start) implements Schedule {
        @Override
        public Iterator<LocalDateTime> startsFrom(LocalDateTime from) {
            return (start.isBefore(from) ? List.<LocalDateTime>of() : List.of(start)).iterator();
        }
    }

    /**
     * An RFC 5545 recurrence rule (such as {@code FREQ=MONTHLY;BYDAY=2TU}) firing at {@code
     * timeOfDay}, counted from {@code startsOn} (the rule's DTSTART date). Read with {@link
     * RecurrenceRules}, which refuses the parts that make no sense for a window's start time.
     */
    record Rule(String rrule, LocalTime timeOfDay, LocalDate startsOn) implements Schedule {
        public Rule {
            RecurrenceRules.checkFires(rrule, startsOn);
            timeOfDay = timeOfDay.withNano(0);
        }

        @Override
        public Iterator<LocalDateTime> startsFrom(LocalDateTime from) {
            return RecurrenceRules.startsFrom(this, from);
        }
    }

    /** A cron expression of five fields (minute hour day-of-month month day-of-week). */
    record Cron(String expression) implements Schedule {
        private static final CronParser PARSER =
                new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

        /**
         * Parsed expressions, so that a search (one per ping of a push monitor with a cron schedule)
         * does not parse again: parsing was most of its cost. Bounded: past the limit it starts over.
         */
        private static final java.util.Map<String, ExecutionTime> PARSED =
                new java.util.concurrent.ConcurrentHashMap<>();

        private static final int PARSED_AT_MOST = 10_000;

        public Cron {
            execution(expression);
        }

        static ExecutionTime execution(String expression) {
            ExecutionTime known = PARSED.get(expression);
            if (known != null) {
                return known;
            }
            ExecutionTime parsed;
            try {
                parsed = ExecutionTime.forCron(PARSER.parse(expression).validate());
            } catch (IllegalArgumentException e) {
                throw new ScheduleException("bad cron expression \"" + expression + "\": " + e.getMessage(), e);
            }
            if (PARSED.size() >= PARSED_AT_MOST) {
                PARSED.clear();
            }
            PARSED.put(expression, parsed);
            return parsed;
        }

        /**
         * Cron is evaluated on wall-clock times: a UTC zone stands in for "local" so that cron-utils
         * applies no daylight-saving rules of its own; {@link LocalStarts} applies ours afterwards.
         */
        @Override
        public Iterator<LocalDateTime> startsFrom(LocalDateTime from) {
            ExecutionTime exec = execution(expression);
            return new Iterator<>() {
                private Optional<LocalDateTime> next = first();

                private Optional<LocalDateTime> first() {
                    ZonedDateTime z = from.atZone(ZoneOffset.UTC);
                    if (exec.isMatch(z.withSecond(0).withNano(0)) && from.getSecond() == 0 && from.getNano() == 0) {
                        return Optional.of(from);
                    }
                    return exec.nextExecution(z).map(ZonedDateTime::toLocalDateTime);
                }

                @Override
                public boolean hasNext() {
                    return next.isPresent();
                }

                @Override
                public LocalDateTime next() {
                    LocalDateTime v = next.orElseThrow(NoSuchElementException::new);
                    next = exec.nextExecution(v.atZone(ZoneOffset.UTC)).map(ZonedDateTime::toLocalDateTime);
                    return v;
                }
            };
        }
    }
}

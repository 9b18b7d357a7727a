package dev.vitals.maintenance;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import org.dmfs.rfc5545.DateTime;
import org.dmfs.rfc5545.recur.Freq;
import org.dmfs.rfc5545.recur.InvalidRecurrenceRuleException;
import org.dmfs.rfc5545.recur.RecurrenceRule;
import org.dmfs.rfc5545.recur.RecurrenceRuleIterator;

/**
 * Reads and expands RRULEs with lib-recur, on floating (zone-less) date-times: the rule yields
 * wall-clock starts and {@link LocalStarts} places them in the window's zone. A window has one
 * start time of day, so rules that fire more than daily or set the time themselves are refused.
 */
final class RecurrenceRules {
    private static final Set<Freq> ALLOWED = Set.of(Freq.DAILY, Freq.WEEKLY, Freq.MONTHLY, Freq.YEARLY);

    private RecurrenceRules() {}

    /** The rule, checked; throws {@link ScheduleException} saying which part is wrong. */
    static RecurrenceRule parse(String text) {
        RecurrenceRule rule;
        try {
            rule = new RecurrenceRule(text.strip(), RecurrenceRule.RfcMode.RFC5545_STRICT);
        } catch (InvalidRecurrenceRuleException | IllegalArgumentException e) {
            throw new ScheduleException("bad RRULE \"" + text + "\": " + e.getMessage(), e);
        }
        if (!ALLOWED.contains(rule.getFreq())) {
            throw new ScheduleException("bad RRULE \"" + text + "\": FREQ=" + rule.getFreq()
                    + " is not supported; use DAILY, WEEKLY, MONTHLY or YEARLY (the time of day comes from start)");
        }
        // Not a static constant: lib-recur's RecurrenceRule must be initialised before its Part enum,
        // or their class initialisers run in a cycle that fails with a ClassCastException ("Part not an enum").
        for (RecurrenceRule.Part p : java.util.List.of(
                RecurrenceRule.Part.BYHOUR, RecurrenceRule.Part.BYMINUTE, RecurrenceRule.Part.BYSECOND)) {
            if (rule.hasPart(p)) {
                throw new ScheduleException(
                        "bad RRULE \"" + text + "\": " + p + " is not supported; the time of day comes from start");
            }
        }
        DateTime until = rule.getUntil();
        if (until != null) {
            if (!until.isFloating() && !until.isAllDay()) {
                throw new ScheduleException("bad RRULE \"" + text
                        + "\": UNTIL must be a local date (20261231) or date-time without Z (20261231T235959),"
                        + " since the window's tz applies");
            }
            if (until.isAllDay()) {
                // The whole last day counts: a rule "until 2026-12-31" still fires that evening.
                rule.setUntil(new DateTime(until.getYear(), until.getMonth(), until.getDayOfMonth(), 23, 59, 59));
            }
        }
        return rule;
    }

    /**
     * True when the rule's occurrences depend on its first date (DTSTART): counting (COUNT,
     * INTERVAL) or a day taken from it (WEEKLY without BYDAY, MONTHLY without a day, YEARLY without
     * month and day). Such rules need {@code starts_on}, or they would change meaning with it.
     */
    static boolean dependsOnFirstDate(String text) {
        RecurrenceRule r = parse(text);
        if (r.getCount() != null || r.getInterval() > 1) {
            return true;
        }
        boolean byDay = r.hasPart(RecurrenceRule.Part.BYDAY);
        boolean byMonthDay = r.hasPart(RecurrenceRule.Part.BYMONTHDAY);
        return switch (r.getFreq()) {
            case WEEKLY -> !byDay;
            case MONTHLY -> !byDay && !byMonthDay;
            case YEARLY ->
                !(r.hasPart(RecurrenceRule.Part.BYYEARDAY)
                        || (r.hasPart(RecurrenceRule.Part.BYWEEKNO) && byDay)
                        || (r.hasPart(RecurrenceRule.Part.BYMONTH) && (byDay || byMonthDay)));
            default -> false;
        };
    }

    static Iterator<LocalDateTime> startsFrom(Schedule.Rule rule, LocalDateTime from) {
        RecurrenceRule r = parse(rule.rrule());
        // A rule that does not count from its first date gives the same starts from any first
        // date, so it is expanded from the day asked about rather than fast-forwarded over years.
        LocalDate firstDate =
                !dependsOnFirstDate(rule.rrule()) && from.toLocalDate().isAfter(rule.startsOn())
                        ? from.toLocalDate()
                        : rule.startsOn();
        LocalDateTime first = firstDate.atTime(rule.timeOfDay());
        RecurrenceRuleIterator it;
        try {
            it = r.iterator(floating(first));
            if (from.isAfter(first)) {
                it.fastForward(floating(from));
            }
        } catch (IllegalArgumentException e) {
            // lib-recur gives up on rules that match nothing (FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30).
            return java.util.Collections.emptyIterator();
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    return it.hasNext();
                } catch (IllegalArgumentException e) {
                    return false;
                }
            }

            @Override
            public LocalDateTime next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                DateTime d = it.nextDateTime();
                return LocalDateTime.of(
                        d.getYear(), d.getMonth() + 1, d.getDayOfMonth(), d.getHours(), d.getMinutes(), d.getSeconds());
            }
        };
    }

    /** Throws {@link ScheduleException} when the rule never fires from {@code startsOn}. */
    static void checkFires(String text, LocalDate startsOn) {
        boolean fires;
        String why;
        try {
            fires = parse(text).iterator(floating(startsOn.atStartOfDay())).hasNext();
            why = "no date matches it from its first date";
        } catch (IllegalArgumentException e) {
            fires = false;
            why = e.getMessage();
        }
        if (!fires) {
            throw new ScheduleException("bad RRULE \"" + text + "\": it never fires (" + why + ")");
        }
    }

    private static DateTime floating(LocalDateTime t) {
        // lib-recur counts months from 0.
        return new DateTime(
                t.getYear(), t.getMonthValue() - 1, t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond());
    }
}

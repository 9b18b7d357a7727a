package dev.vitals.push;

import dev.vitals.maintenance.LocalStarts;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The next due time of a {@link PushSchedule.Cron}, with the daylight-saving rules its javadoc
 * promises.
 *
 * <p>Cron times are wall-clock times ({@link dev.vitals.maintenance.Schedule.Cron} gives them in
 * order); each becomes zero, one or two instants. Fixed-time schedules use {@link LocalStarts} (a gap
 * moves to its end, an overlap takes the earlier offset), so their instants rise with the wall clock.
 * Wildcard schedules take every offset the wall-clock time has, so in an overlap the instants are not
 * in wall-clock order: 02:00 CET comes after 02:45 CEST. Hence the search keeps the earliest instant
 * found and stops only once no later wall-clock time can give an earlier one.
 */
final class CronDue {
    private CronDue() {}

    static Instant after(PushSchedule.Cron cron, Instant lastPing) {
        ZoneRules rules = cron.zone().getRules();
        boolean wildcard = isWildcard(cron.expression());
        Iterator<LocalDateTime> times =
                PushSchedule.Cron.schedule(cron.expression()).startsFrom(searchFrom(rules, lastPing));
        Optional<Instant> best = Optional.empty();
        while (times.hasNext()) {
            LocalDateTime local = times.next();
            if (best.isPresent()
                    && !local.toInstant(maxOffset(rules, lastPing, best.get())).isBefore(best.get())) {
                break;
            }
            for (Instant i : instants(local, rules, wildcard, cron)) {
                if (i.isAfter(lastPing) && (best.isEmpty() || i.isBefore(best.get()))) {
                    best = Optional.of(i);
                }
            }
        }
        return best.orElseThrow(() ->
                new PushException("cron expression \"" + cron.expression() + "\" fires no more after " + lastPing));
    }

    /**
     * Debian's cron calls a job a wildcard job when its minute or hour field starts with {@code *}; such
     * jobs follow the clock through a change, the others run once.
     */
    static boolean isWildcard(String expression) {
        String[] fields = expression.strip().split("\\s+", -1);
        return fields[0].startsWith("*") || fields[1].startsWith("*");
    }

    private static List<Instant> instants(
            LocalDateTime local, ZoneRules rules, boolean wildcard, PushSchedule.Cron cron) {
        if (!wildcard) {
            return List.of(LocalStarts.toInstant(local, cron.zone()));
        }
        return rules.getValidOffsets(local).stream().map(local::toInstant).toList();
    }

    /**
     * Where to start reading wall-clock times: at the last ping's own, or earlier when the clock is about
     * to be set back past it (a ping at 02:50 CEST, ten minutes before 03:00 CEST becomes 02:00 CET: the
     * wall-clock times from 02:00 happen again after the ping).
     */
    private static LocalDateTime searchFrom(ZoneRules rules, Instant lastPing) {
        LocalDateTime from = LocalDateTime.ofInstant(lastPing, rules.getOffset(lastPing));
        ZoneOffsetTransition t = rules.nextTransition(lastPing);
        while (t != null && t.getDateTimeAfter().isBefore(from)) {
            from = t.getDateTimeAfter();
            t = rules.nextTransition(t.getInstant());
        }
        return from;
    }

    /**
     * The largest offset the zone has between the two instants. A wall-clock time {@code L} gives no
     * instant earlier than {@code L} at this offset, which bounds the search.
     */
    private static ZoneOffset maxOffset(ZoneRules rules, Instant from, Instant to) {
        ZoneOffset max = rules.getOffset(from);
        for (ZoneOffsetTransition t = rules.nextTransition(from);
                t != null && !t.getInstant().isAfter(to);
                t = rules.nextTransition(t.getInstant())) {
            if (t.getOffsetAfter().getTotalSeconds() > max.getTotalSeconds()) {
                max = t.getOffsetAfter();
            }
        }
        return max;
    }
}

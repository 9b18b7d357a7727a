package dev.vitals.maintenance;

import dev.vitals.config.Durations;
import java.time.format.DateTimeFormatter;

/** A window's schedule in words, for lists in the API and console. */
final class Words {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private Words() {}

    static String schedule(MaintenanceWindow w) {
        String when = switch (w.schedule()) {
            case Schedule.Once o -> "once, at " + o.start().format(DATE_TIME);
            case Schedule.Rule r ->
                "by rule " + r.rrule() + " at " + r.timeOfDay().format(TIME)
                        + (r.startsOn().equals(MaintenanceReader.NO_FIRST_DATE) ? "" : ", from " + r.startsOn());
            case Schedule.Cron c -> "by cron \"" + c.expression() + "\"";
        };
        return when + " " + w.zone().getId() + ", for " + Durations.human(w.duration());
    }
}

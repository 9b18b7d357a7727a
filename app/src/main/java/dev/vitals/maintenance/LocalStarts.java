package dev.vitals.maintenance;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;

/**
 * Turns a local start time into an instant in a zone, with the daylight-saving rules the docs
 * promise. A time inside a spring-forward gap (02:30 on the last Sunday of March in Berlin) starts
 * at the end of the gap, the first instant that exists (03:00 CEST). This differs on purpose from
 * {@code ZonedDateTime.of}, which would move it by the gap's length to 03:30: a window planned for
 * 02:30 should not start later than the first moment the clock can show. A time that happens twice
 * in autumn takes its first occurrence (the earlier offset), as {@code ZonedDateTime.of} does.
 */
public final class LocalStarts {
    private LocalStarts() {}

    public static Instant toInstant(LocalDateTime local, ZoneId zone) {
        ZoneRules rules = zone.getRules();
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.isEmpty()) {
            ZoneOffsetTransition gap = rules.getTransition(local);
            return gap.getInstant();
        }
        // In an overlap the list holds the earlier offset (the one before the change) first.
        return local.toInstant(offsets.get(0));
    }
}

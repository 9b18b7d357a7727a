package dev.vitals.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Due times of cron schedules near daylight-saving changes, against a slow second reading of the rules
 * that walks real minutes one by one. Zones: Berlin (one hour, at 02:00/03:00), New York (at 02:00
 * local, other dates), Lord Howe (half an hour) and UTC.
 */
class PushScheduleProperties {
    private static final List<String> EXPRESSIONS = List.of(
            "*/15 * * * *",
            "0 * * * *",
            "45 * * * *",
            "30 2 * * *",
            "0,30 2 * * *",
            "*/10 2 * * *",
            "5 1-3 * * *",
            "0 3 * * *",
            "15 1 * * *");
    private static final List<ZoneId> ZONES = List.of(
            ZoneId.of("Europe/Berlin"),
            ZoneId.of("America/New_York"),
            ZoneId.of("Australia/Lord_Howe"),
            ZoneId.of("UTC"));
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    /** A schedule and a last ping near one of its zone's 2026 changes (UTC: near Berlin's). */
    record Case(PushSchedule.Cron schedule, Instant lastPing) {}

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<PushSchedule.Cron> schedules = Combinators.combine(Arbitraries.of(EXPRESSIONS), Arbitraries.of(ZONES))
                .as(PushSchedule.Cron::new);
        // Most within three hours of a change, where the rules differ; whole minutes are cron times.
        Arbitrary<Long> seconds = Arbitraries.longs().between(-36 * 3600, 36 * 3600);
        Arbitrary<Long> near = Arbitraries.longs().between(-3 * 3600, 3 * 3600);
        Arbitrary<Long> nearMinutes =
                Arbitraries.longs().between(-3 * 60, 3 * 60).map(m -> m * 60);
        // The hour before a change back is where a wall-clock time comes twice.
        Arbitrary<Long> justBefore = Arbitraries.longs().between(-3600, 0);
        Arbitrary<Long> offsets = Arbitraries.oneOf(seconds, near, nearMinutes, justBefore);
        return Combinators.combine(schedules, Arbitraries.of(false, true), offsets)
                .as((s, autumn, offset) -> new Case(s, change(s.zone(), autumn).plusSeconds(offset)));
    }

    private static Instant change(ZoneId zone, boolean second) {
        ZoneId z = zone.equals(ZoneId.of("UTC")) ? ZoneId.of("Europe/Berlin") : zone;
        ZoneOffsetTransition first = z.getRules().nextTransition(Instant.parse("2026-01-01T00:00:00Z"));
        return second ? z.getRules().nextTransition(first.getInstant()).getInstant() : first.getInstant();
    }

    @Provide
    Arbitrary<Duration> minutes() {
        Arbitrary<Long> hours = Arbitraries.longs().between(0, 3 * 60);
        Arbitrary<Long> days = Arbitraries.longs().between(0, 3 * 24 * 60);
        return Arbitraries.oneOf(hours, days).map(Duration::ofMinutes);
    }

    @Property(tries = 300)
    void theDueTimeIsAlwaysAfterTheLastPing(@ForAll("cases") Case c) {
        assertThat(c.schedule().dueAfter(c.lastPing())).isAfter(c.lastPing());
    }

    @Property(tries = 500)
    void aLaterPingIsNeverDueEarlier(@ForAll("cases") Case c, @ForAll("minutes") Duration later) {
        PushSchedule s = c.schedule();
        assertThat(s.dueAfter(c.lastPing().plus(later))).isAfterOrEqualTo(s.dueAfter(c.lastPing()));
    }

    @Property(tries = 300)
    void thereIsNoDueTimeBetweenAPingAndTheOneFound(@ForAll("cases") Case c) {
        Instant due = c.schedule().dueAfter(c.lastPing());
        assertThat(c.schedule().dueAfter(due.minusNanos(1))).isEqualTo(due);
    }

    @Property(tries = 200)
    void theDueTimeIsTheFirstRealMinuteTheRulesCallDue(@ForAll("cases") Case c) {
        assertThat(c.schedule().dueAfter(c.lastPing())).isEqualTo(walkMinutes(c.schedule(), c.lastPing()));
    }

    @Property(tries = 100)
    void aPeriodIsDueExactlyOnePeriodLater(@ForAll("cases") Case c, @ForAll("minutes") Duration period) {
        PushSchedule.Period p = new PushSchedule.Period(period.plus(Duration.ofMinutes(1)));
        assertThat(p.dueAfter(c.lastPing())).isEqualTo(c.lastPing().plus(period).plus(Duration.ofMinutes(1)));
    }

    /**
     * The rules read minute by minute in real time: a minute is due if its wall-clock time matches
     * and, for a fixed-time schedule, it is that time's first occurrence; a fixed-time schedule is also
     * due at the end of a gap in which one of its times falls.
     */
    private static Instant walkMinutes(PushSchedule.Cron s, Instant lastPing) {
        ExecutionTime cron = ExecutionTime.forCron(PARSER.parse(s.expression()));
        boolean wildcard = CronDue.isWildcard(s.expression());
        var rules = s.zone().getRules();
        Instant m = lastPing.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        for (int i = 0; i < 3 * 24 * 60; i++, m = m.plus(Duration.ofMinutes(1))) {
            LocalDateTime local = LocalDateTime.ofInstant(m, s.zone());
            boolean matches = cron.isMatch(local.atZone(ZoneOffset.UTC));
            if (matches && (wildcard || rules.getValidOffsets(local).get(0).equals(rules.getOffset(m)))) {
                return m;
            }
            if (!wildcard) {
                ZoneOffsetTransition previous = rules.previousTransition(m.plusNanos(1));
                if (previous != null && previous.getInstant().equals(m) && previous.isGap()) {
                    for (LocalDateTime g = previous.getDateTimeBefore();
                            g.isBefore(previous.getDateTimeAfter());
                            g = g.plusMinutes(1)) {
                        if (cron.isMatch(g.atZone(ZoneOffset.UTC))) {
                            return m;
                        }
                    }
                }
            }
        }
        throw new AssertionError("no due time within three days of " + lastPing + " for " + s);
    }
}

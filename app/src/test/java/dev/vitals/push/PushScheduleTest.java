package dev.vitals.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class PushScheduleTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Instant at(String iso) {
        return Instant.parse(iso);
    }

    private static PushSchedule.Cron berlin(String expression) {
        return new PushSchedule.Cron(expression, BERLIN);
    }

    /** Follows dueAfter from {@code from} while before {@code until}; the gaps between due times. */
    private static void assertStepsAreAll(PushSchedule s, Instant from, Instant until, Duration step) {
        Instant t = from;
        while (t.isBefore(until)) {
            Instant next = s.dueAfter(t);
            assertThat(Duration.between(t, next)).as("after %s", t).isEqualTo(step);
            t = next;
        }
    }

    @Test
    void aPeriodIsDueThatLongAfterTheLastPing() {
        PushSchedule p = PushSchedule.period("1d");
        assertThat(p.dueAfter(at("2026-03-28T12:34:56.789Z"))).isEqualTo(at("2026-03-29T12:34:56.789Z"));
    }

    @Test
    void aPeriodCountsRealTimeAcrossTheSpringChange() {
        assertThat(PushSchedule.period("1d").dueAfter(at("2026-03-28T23:00:00Z")))
                .isEqualTo(at("2026-03-29T23:00:00Z"));
    }

    @Test
    void aDailyCronIsDueAtItsNextLocalTime() {
        PushSchedule.Cron c = berlin("30 1 * * *");
        // 01:30 CET is 00:30 UTC in winter; 01:30 CEST is 23:30 UTC the day before in summer.
        assertThat(c.dueAfter(at("2026-01-10T00:30:00Z"))).isEqualTo(at("2026-01-11T00:30:00Z"));
        assertThat(c.dueAfter(at("2026-01-10T00:29:59Z"))).isEqualTo(at("2026-01-10T00:30:00Z"));
        assertThat(c.dueAfter(at("2026-07-10T12:00:00Z"))).isEqualTo(at("2026-07-10T23:30:00Z"));
    }

    @Test
    void aPingExactlyAtACronTimeIsDueAtTheFollowingOne() {
        assertThat(berlin("*/15 * * * *").dueAfter(at("2026-01-10T10:15:00Z"))).isEqualTo(at("2026-01-10T10:30:00Z"));
    }

    @Test
    void aCronIsReadInItsZoneNotInUtc() {
        PushSchedule.Cron utc = new PushSchedule.Cron("0 9 * * 1", ZoneId.of("UTC"));
        PushSchedule.Cron tokyo = new PushSchedule.Cron("0 9 * * 1", ZoneId.of("Asia/Tokyo"));
        // 2026-01-05 is a Monday.
        assertThat(utc.dueAfter(at("2026-01-01T00:00:00Z"))).isEqualTo(at("2026-01-05T09:00:00Z"));
        assertThat(tokyo.dueAfter(at("2026-01-01T00:00:00Z"))).isEqualTo(at("2026-01-05T00:00:00Z"));
    }

    @Test
    void aFixedTimeInTheSpringGapIsDueAtTheFirstInstantThatExists() {
        // 2026-03-29 in Berlin: 02:00 CET (01:00 UTC) becomes 03:00 CEST; 02:30 does not happen.
        PushSchedule.Cron c = berlin("30 2 * * *");
        assertThat(c.dueAfter(at("2026-03-28T01:30:00Z"))).isEqualTo(at("2026-03-29T01:00:00Z"));
        assertThat(c.dueAfter(at("2026-03-29T01:00:00Z"))).isEqualTo(at("2026-03-30T00:30:00Z"));
    }

    @Test
    void severalFixedTimesInTheSpringGapAreDueOnceAtItsEnd() {
        PushSchedule.Cron c = berlin("0,30 2 * * *");
        assertThat(c.dueAfter(at("2026-03-28T01:30:00Z"))).isEqualTo(at("2026-03-29T01:00:00Z"));
        assertThat(c.dueAfter(at("2026-03-29T01:00:00Z"))).isEqualTo(at("2026-03-30T00:00:00Z"));
    }

    @Test
    void aFixedTimeThatHappensTwiceInAutumnIsDueOnceAtItsFirstOccurrence() {
        // 2026-10-25 in Berlin: 03:00 CEST (01:00 UTC) becomes 02:00 CET; 02:30 happens twice.
        PushSchedule.Cron c = berlin("30 2 * * *");
        assertThat(c.dueAfter(at("2026-10-24T00:30:00Z"))).isEqualTo(at("2026-10-25T00:30:00Z"));
        assertThat(c.dueAfter(at("2026-10-25T00:30:00Z"))).isEqualTo(at("2026-10-26T01:30:00Z"));
        assertThat(c.dueAfter(at("2026-10-25T01:10:00Z"))).isEqualTo(at("2026-10-26T01:30:00Z"));
    }

    @Test
    void aFixedTimeRightAfterTheAutumnChangeIsDueOnce() {
        PushSchedule.Cron c = berlin("30 3 * * *");
        assertThat(c.dueAfter(at("2026-10-24T01:30:00Z"))).isEqualTo(at("2026-10-25T02:30:00Z"));
    }

    @Test
    void everyFifteenMinutesStaysEveryFifteenRealMinutesThroughTheSpringChange() {
        PushSchedule.Cron c = berlin("*/15 * * * *");
        assertThat(c.dueAfter(at("2026-03-29T00:45:00Z"))).isEqualTo(at("2026-03-29T01:00:00Z"));
        assertStepsAreAll(c, at("2026-03-28T22:00:00Z"), at("2026-03-29T04:00:00Z"), Duration.ofMinutes(15));
    }

    @Test
    void everyFifteenMinutesStaysEveryFifteenRealMinutesThroughTheAutumnChange() {
        PushSchedule.Cron c = berlin("*/15 * * * *");
        // 02:45 CEST, then 02:00 CET: the repeated hour is watched too.
        assertThat(c.dueAfter(at("2026-10-25T00:45:00Z"))).isEqualTo(at("2026-10-25T01:00:00Z"));
        assertThat(c.dueAfter(at("2026-10-25T00:50:00Z"))).isEqualTo(at("2026-10-25T01:00:00Z"));
        assertThat(c.dueAfter(at("2026-10-25T00:10:00Z"))).isEqualTo(at("2026-10-25T00:15:00Z"));
        assertThat(c.dueAfter(at("2026-10-25T01:10:00Z"))).isEqualTo(at("2026-10-25T01:15:00Z"));
        assertStepsAreAll(c, at("2026-10-24T22:00:00Z"), at("2026-10-25T04:00:00Z"), Duration.ofMinutes(15));
    }

    @Test
    void hourlyStaysEveryRealHourThroughBothChanges() {
        PushSchedule.Cron c = berlin("0 * * * *");
        assertStepsAreAll(c, at("2026-03-28T22:00:00Z"), at("2026-03-29T04:00:00Z"), Duration.ofHours(1));
        assertStepsAreAll(c, at("2026-10-24T22:00:00Z"), at("2026-10-25T04:00:00Z"), Duration.ofHours(1));
    }

    @Test
    void aWildcardMinuteInTheGapHourDoesNotHappenThatDay() {
        // As Debian's cron: */10 2 * * * has a wildcard minute, so it follows the clock and skips the gap.
        PushSchedule.Cron c = berlin("*/10 2 * * *");
        assertThat(c.dueAfter(at("2026-03-28T01:50:00Z"))).isEqualTo(at("2026-03-30T00:00:00Z"));
    }

    @Test
    void describesCommonCronShapesInWords() {
        assertThat(berlin("30 1 * * *").describe()).isEqualTo("every day at 01:30 Europe/Berlin");
        assertThat(berlin("*/15 * * * *").describe()).isEqualTo("every 15 minutes");
        assertThat(berlin("* * * * *").describe()).isEqualTo("every minute");
        assertThat(berlin("5 * * * *").describe()).isEqualTo("every hour at :05");
        assertThat(new PushSchedule.Cron("0 9 * * 1", ZoneId.of("UTC")).describe())
                .isEqualTo("every Monday at 09:00 UTC");
        assertThat(new PushSchedule.Cron("0 9 * * MON", ZoneId.of("UTC")).describe())
                .isEqualTo("every Monday at 09:00 UTC");
        assertThat(berlin("0 7 * * 1-5").describe()).isEqualTo("every Monday to Friday at 07:00 Europe/Berlin");
        assertThat(berlin("0 7 * * 1,3,5").describe())
                .isEqualTo("every Monday, Wednesday and Friday at 07:00 Europe/Berlin");
        assertThat(berlin("0 8 * * 0").describe()).isEqualTo("every Sunday at 08:00 Europe/Berlin");
        assertThat(berlin("0 8 * * 7").describe()).isEqualTo("every Sunday at 08:00 Europe/Berlin");
        assertThat(berlin("0 6,18 * * *").describe()).isEqualTo("every day at 06:00 and 18:00 Europe/Berlin");
        assertThat(berlin("0 0 1 * *").describe()).isEqualTo("every month on the 1st at 00:00 Europe/Berlin");
        assertThat(berlin("0 0 22 * *").describe()).isEqualTo("every month on the 22nd at 00:00 Europe/Berlin");
        assertThat(berlin("0 0 11 * *").describe()).isEqualTo("every month on the 11th at 00:00 Europe/Berlin");
        assertThat(berlin("0 12 25 12 *").describe()).isEqualTo("every year on 25 December at 12:00 Europe/Berlin");
    }

    @Test
    void quotesCronExpressionsItCannotPhraseWell() {
        assertThat(berlin("*/7 * * * *").describe()).isEqualTo("cron \"*/7 * * * *\" in Europe/Berlin");
        assertThat(berlin("0 9-17 * * 1-5").describe()).isEqualTo("cron \"0 9-17 * * 1-5\" in Europe/Berlin");
        assertThat(berlin("0 0 1 * 1").describe()).isEqualTo("cron \"0 0 1 * 1\" in Europe/Berlin");
        assertThat(berlin("0 0 * * 0-7").describe()).isEqualTo("cron \"0 0 * * 0-7\" in Europe/Berlin");
    }

    @Test
    void describesPeriodsInTheLargestWholeUnit() {
        assertThat(PushSchedule.period("1d").describe()).isEqualTo("every 1 day");
        assertThat(PushSchedule.period("2h").describe()).isEqualTo("every 2 hours");
        assertThat(PushSchedule.period("1h30m").describe()).isEqualTo("every 90 minutes");
        assertThat(PushSchedule.period("1m").describe()).isEqualTo("every 1 minute");
        assertThat(PushSchedule.period("1d12h").describe()).isEqualTo("every 36 hours");
        assertThat(PushSchedule.period("1m30s").describe()).isEqualTo("every 90 seconds");
    }

    @Test
    void readsCronAndZoneFromText() {
        assertThat(PushSchedule.cron(" 30 1 * * * ", "Europe/Berlin")).isEqualTo(berlin("30 1 * * *"));
    }

    @Test
    void aBadCronExpressionIsRefusedByName() {
        assertThatThrownBy(() -> PushSchedule.cron("61 * * * *", "UTC"))
                .isInstanceOf(PushException.class)
                .hasMessageContaining("bad cron expression \"61 * * * *\"");
    }

    @Test
    void cronNeedsExactlyFiveFields() {
        assertThatThrownBy(() -> PushSchedule.cron("0 30 1 * * *", "UTC"))
                .isInstanceOf(PushException.class)
                .hasMessageContaining("\"0 30 1 * * *\"")
                .hasMessageContaining("five fields");
        assertThatThrownBy(() -> PushSchedule.cron("@daily", "UTC"))
                .isInstanceOf(PushException.class)
                .hasMessageContaining("\"@daily\"");
    }

    @Test
    void aCronExpressionThatNeverFiresIsRefused() {
        assertThatThrownBy(() -> PushSchedule.cron("0 0 30 2 *", "UTC"))
                .isInstanceOf(PushException.class)
                .hasMessageContaining("\"0 0 30 2 *\" never fires");
    }

    @Test
    void anUnknownZoneIsRefusedByName() {
        assertThatThrownBy(() -> PushSchedule.cron("30 1 * * *", "Europe/Berln"))
                .isInstanceOf(PushException.class)
                .hasMessageContaining("unknown time zone \"Europe/Berln\"");
    }

    @Test
    void aPeriodUnderAMinuteIsRefused() {
        assertThatThrownBy(() -> PushSchedule.period("30s"))
                .isInstanceOf(PushException.class)
                .hasMessageContaining("period 30s is too short");
        assertThatThrownBy(() -> new PushSchedule.Period(Duration.ofSeconds(59)))
                .isInstanceOf(PushException.class)
                .hasMessageContaining("59s");
    }

    @Test
    void aPeriodThatIsNoDurationIsRefusedByName() {
        assertThatThrownBy(() -> PushSchedule.period("daily"))
                .isInstanceOf(PushException.class)
                .hasMessageContaining("bad period \"daily\"");
        assertThatThrownBy(() -> PushSchedule.period("60"))
                .isInstanceOf(PushException.class)
                .hasMessageContaining("bad period \"60\"");
    }
}

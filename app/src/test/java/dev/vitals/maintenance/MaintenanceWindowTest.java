package dev.vitals.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.testkit.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaintenanceWindowTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static MaintenanceWindow rule(String rrule, String time, Duration d) {
        return new MaintenanceWindow(
                "w",
                new Schedule.Rule(rrule, LocalTime.parse(time), MaintenanceReader.NO_FIRST_DATE),
                d,
                BERLIN,
                Map.of("service", "erp"));
    }

    private static final MaintenanceWindow PATCH_TUESDAY = rule("FREQ=MONTHLY;BYDAY=2TU", "22:00", Duration.ofHours(2));

    private static Instant at(String iso) {
        return Instant.parse(iso);
    }

    private static Interval interval(String start, String end) {
        return new Interval(at(start), at(end));
    }

    @Test
    void patchTuesdayFiresOnTheSecondTuesdayAt22LocalWhichIs21UtcInWinter() {
        assertThat(PATCH_TUESDAY.next(at("2026-01-01T00:00:00Z")))
                .contains(interval("2026-01-13T21:00:00Z", "2026-01-13T23:00:00Z"));
    }

    @Test
    void patchTuesdayIs20UtcInSummer() {
        assertThat(PATCH_TUESDAY.next(at("2026-07-01T00:00:00Z")))
                .contains(interval("2026-07-14T20:00:00Z", "2026-07-14T22:00:00Z"));
    }

    @Test
    void aWindowIsActiveFromItsStartUpToButNotAtItsEnd() {
        assertThat(PATCH_TUESDAY.activeAt(at("2026-01-13T20:59:59Z"))).isEmpty();
        assertThat(PATCH_TUESDAY.activeAt(at("2026-01-13T21:00:00Z")))
                .contains(interval("2026-01-13T21:00:00Z", "2026-01-13T23:00:00Z"));
        assertThat(PATCH_TUESDAY.activeAt(at("2026-01-13T22:59:59.999Z"))).isPresent();
        assertThat(PATCH_TUESDAY.activeAt(at("2026-01-13T23:00:00Z"))).isEmpty();
        assertThat(PATCH_TUESDAY.activeAt(at("2026-01-14T22:00:00Z"))).isEmpty();
    }

    @Test
    void nextIsStrictlyAfterTheGivenInstant() {
        assertThat(PATCH_TUESDAY.next(at("2026-01-13T21:00:00Z")))
                .contains(interval("2026-02-10T21:00:00Z", "2026-02-10T23:00:00Z"));
    }

    @Test
    void aSettableClockWalkingThroughAWindowSeesItOpenAndClose() {
        SettableClock clock = SettableClock.at("2026-02-10T20:30:00Z");
        assertThat(PATCH_TUESDAY.activeAt(clock.instant())).isEmpty();
        clock.advance(Duration.ofMinutes(30));
        assertThat(PATCH_TUESDAY.activeAt(clock.instant())).isPresent();
        clock.advance(Duration.ofMinutes(119));
        assertThat(PATCH_TUESDAY.activeAt(clock.instant())).isPresent();
        clock.advance(Duration.ofMinutes(1));
        assertThat(PATCH_TUESDAY.activeAt(clock.instant())).isEmpty();
    }

    @Test
    void aStartInTheSpringGapBeginsWhenTheGapEnds() {
        MaintenanceWindow daily = rule("FREQ=DAILY", "02:30", Duration.ofHours(1));
        // 2026-03-29 02:30 does not exist in Berlin: the clock jumps from 02:00 CET to 03:00 CEST.
        assertThat(daily.next(at("2026-03-28T12:00:00Z")))
                .contains(interval("2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z"));
        assertThat(daily.next(at("2026-03-29T12:00:00Z")))
                .contains(interval("2026-03-30T00:30:00Z", "2026-03-30T01:30:00Z"));
    }

    @Test
    void aStartThatHappensTwiceInAutumnTakesTheFirst() {
        MaintenanceWindow daily = rule("FREQ=DAILY", "02:30", Duration.ofHours(1));
        // 02:30 happens at 00:30 UTC (CEST) and again at 01:30 UTC (CET); the first counts.
        assertThat(daily.next(at("2026-10-24T12:00:00Z")))
                .contains(interval("2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z"));
        assertThat(daily.activeAt(at("2026-10-25T01:30:00Z"))).isEmpty();
    }

    @Test
    void aTwoHourWindowAcrossTheAutumnChangeLastsTwoRealHours() {
        MaintenanceWindow w = rule("FREQ=DAILY", "01:30", Duration.ofHours(2));
        Interval i = w.next(at("2026-10-24T12:00:00Z")).orElseThrow();
        assertThat(i).isEqualTo(interval("2026-10-24T23:30:00Z", "2026-10-25T01:30:00Z"));
        assertThat(i.length()).isEqualTo(Duration.ofHours(2));
        // On the wall clock it ends at 02:30 CET, an hour "early".
        assertThat(LocalDateTime.ofInstant(i.end(), BERLIN)).isEqualTo(LocalDateTime.parse("2026-10-25T02:30"));
    }

    @Test
    void aTwoHourWindowAcrossTheSpringChangeLastsTwoRealHours() {
        MaintenanceWindow w = rule("FREQ=DAILY", "01:30", Duration.ofHours(2));
        Interval i = w.next(at("2026-03-28T12:00:00Z")).orElseThrow();
        assertThat(i).isEqualTo(interval("2026-03-29T00:30:00Z", "2026-03-29T02:30:00Z"));
        assertThat(LocalDateTime.ofInstant(i.end(), BERLIN)).isEqualTo(LocalDateTime.parse("2026-03-29T04:30"));
    }

    @Test
    void cronRunsOnTheWallClockOfTheWindowsZone() {
        MaintenanceWindow w = new MaintenanceWindow(
                "c", new Schedule.Cron("0 22 * * 2"), Duration.ofHours(2), BERLIN, Map.of("a", "b"));
        assertThat(w.next(at("2026-07-01T00:00:00Z")))
                .contains(interval("2026-07-07T20:00:00Z", "2026-07-07T22:00:00Z"));
        assertThat(w.next(at("2026-01-01T00:00:00Z")))
                .contains(interval("2026-01-06T21:00:00Z", "2026-01-06T23:00:00Z"));
        assertThat(w.activeAt(at("2026-01-06T21:00:00Z"))).isPresent();
    }

    @Test
    void cronDaysOfTheWeekCountFromSundayAsZeroAndTakeNames() {
        Instant thursday = at("2026-01-01T12:00:00Z");
        MaintenanceWindow sunday = new MaintenanceWindow(
                "c", new Schedule.Cron("0 9 * * 0"), Duration.ofHours(1), BERLIN, Map.of("a", "b"));
        MaintenanceWindow tuesday = new MaintenanceWindow(
                "c", new Schedule.Cron("0 22 * * TUE"), Duration.ofHours(1), BERLIN, Map.of("a", "b"));
        assertThat(sunday.next(thursday).orElseThrow().start()).isEqualTo(at("2026-01-04T08:00:00Z"));
        assertThat(tuesday.next(thursday).orElseThrow().start()).isEqualTo(at("2026-01-06T21:00:00Z"));
    }

    @Test
    void cronInTheSpringGapAlsoBeginsWhenTheGapEnds() {
        MaintenanceWindow w = new MaintenanceWindow(
                "c", new Schedule.Cron("30 2 * * *"), Duration.ofMinutes(10), BERLIN, Map.of("a", "b"));
        assertThat(w.next(at("2026-03-28T12:00:00Z")))
                .contains(interval("2026-03-29T01:00:00Z", "2026-03-29T01:10:00Z"));
    }

    @Test
    void aOneOffWindowHappensOnce() {
        MaintenanceWindow w = new MaintenanceWindow(
                "xmas",
                new Schedule.Once(LocalDateTime.parse("2026-12-24T18:00")),
                Duration.ofHours(2),
                BERLIN,
                Map.of("a", "b"));
        Interval i = interval("2026-12-24T17:00:00Z", "2026-12-24T19:00:00Z");
        assertThat(w.next(at("2026-01-01T00:00:00Z"))).contains(i);
        assertThat(w.activeAt(at("2026-12-24T18:59:00Z"))).contains(i);
        assertThat(w.next(at("2026-12-24T17:00:00Z"))).isEmpty();
        assertThat(w.between(at("2026-01-01T00:00:00Z"), at("2028-01-01T00:00:00Z")))
                .containsExactly(i);
    }

    @Test
    void betweenListsTheOccurrencesThatOverlapTheRange() {
        List<Interval> year = PATCH_TUESDAY.between(at("2026-01-13T22:00:00Z"), at("2027-01-01T00:00:00Z"));
        assertThat(year).hasSize(12);
        assertThat(year.get(0).start()).isEqualTo(at("2026-01-13T21:00:00Z"));
        assertThat(year.get(11).start()).isEqualTo(at("2026-12-08T21:00:00Z"));
    }

    @Test
    void betweenIsBounded() {
        MaintenanceWindow daily = rule("FREQ=DAILY", "03:00", Duration.ofMinutes(5));
        assertThat(daily.between(at("2026-01-01T00:00:00Z"), at("2036-01-01T00:00:00Z")))
                .hasSize(MaintenanceWindow.MAX_RESULTS);
        assertThat(daily.between(at("2026-01-01T00:00:00Z"), at("2036-01-01T00:00:00Z"), 3))
                .hasSize(3);
    }

    @Test
    void aCountedRuleStopsAfterItsCountFromItsFirstDate() {
        MaintenanceWindow w = new MaintenanceWindow(
                "w",
                new Schedule.Rule(
                        "FREQ=WEEKLY;INTERVAL=2;COUNT=3", LocalTime.parse("09:00"), LocalDate.parse("2026-01-05")),
                Duration.ofHours(1),
                ZoneId.of("UTC"),
                Map.of("a", "b"));
        assertThat(w.between(at("2025-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z")))
                .extracting(Interval::start)
                .containsExactly(at("2026-01-05T09:00:00Z"), at("2026-01-19T09:00:00Z"), at("2026-02-02T09:00:00Z"));
        assertThat(w.next(at("2026-01-10T00:00:00Z")).orElseThrow().start()).isEqualTo(at("2026-01-19T09:00:00Z"));
        assertThat(w.next(at("2026-02-02T09:00:00Z"))).isEmpty();
    }

    @Test
    void aRuleUntilADateIncludesThatDay() {
        MaintenanceWindow w = rule("FREQ=DAILY;UNTIL=20260103", "22:00", Duration.ofHours(1));
        assertThat(w.between(at("2026-01-01T00:00:00Z"), at("2026-02-01T00:00:00Z")))
                .hasSize(3);
    }

    @Test
    void aRuleThatNeverFiresOrFiresHourlyIsRefused() {
        assertThatThrownBy(() -> rule("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "01:00", Duration.ofHours(1)))
                .isInstanceOf(ScheduleException.class)
                .hasMessageContaining("never fires");
        assertThatThrownBy(() -> rule("FREQ=HOURLY", "01:00", Duration.ofHours(1)))
                .isInstanceOf(ScheduleException.class)
                .hasMessageContaining("FREQ=HOURLY");
        assertThatThrownBy(() -> rule("FREQ=DAILY;BYHOUR=3", "01:00", Duration.ofHours(1)))
                .isInstanceOf(ScheduleException.class)
                .hasMessageContaining("BYHOUR");
    }

    @Test
    void anOverlappingOccurrenceIsReportedAsTheLatestThatCoversTheInstant() {
        MaintenanceWindow w = rule("FREQ=DAILY", "22:00", Duration.ofHours(30));
        assertThat(w.activeAt(at("2026-01-02T22:30:00Z")))
                .contains(interval("2026-01-02T21:00:00Z", "2026-01-04T03:00:00Z"));
    }
}

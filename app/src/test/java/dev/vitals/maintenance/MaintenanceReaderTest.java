package dev.vitals.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.config.ConfigException;
import dev.vitals.config.Environment;
import dev.vitals.config.Problem;
import dev.vitals.configfile.ConfigFile;
import dev.vitals.configfile.ConfigFileReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaintenanceReaderTest {
    private final ConfigFileReader reader = new ConfigFileReader(Environment.of(Map.of()));

    @Test
    void theIssueExampleIsAcceptedAsWritten() {
        ConfigFile f = reader.parse(Path.of("c.yaml"), """
                maintenance:
                  - name: patch-tuesday
                    rrule: "FREQ=MONTHLY;BYDAY=2TU"
                    start: "22:00"
                    duration: 2h
                    tz: Europe/Berlin
                    match: { service: erp }
                """);
        MaintenanceWindow w = f.maintenance().get(0);
        assertThat(w.name()).isEqualTo("patch-tuesday");
        assertThat(w.schedule())
                .isEqualTo(new Schedule.Rule(
                        "FREQ=MONTHLY;BYDAY=2TU", LocalTime.of(22, 0), MaintenanceReader.NO_FIRST_DATE));
        assertThat(w.duration()).isEqualTo(Duration.ofHours(2));
        assertThat(w.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(w.match()).isEqualTo(Map.of("service", "erp"));
        assertThat(w.next(Instant.parse("2026-01-01T00:00:00Z")).orElseThrow().start())
                .isEqualTo(Instant.parse("2026-01-13T21:00:00Z"));
    }

    @Test
    void cronOneOffAndStartsOnAreRead() {
        ConfigFile f = reader.parse(Path.of("c.yaml"), """
                monitors: []
                maintenance:
                  - name: weekly
                    cron: "0 22 * * 2"
                    duration: 90m
                    tz: Europe/Berlin
                    match: { service: erp }
                  - name: xmas
                    start: "2026-12-24T18:00"
                    duration: 2h
                    tz: UTC
                    match: { team: it, service: shop }
                  - name: fortnightly
                    rrule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"
                    start: "06:30"
                    starts_on: 2026-01-05
                    duration: 30m
                    tz: America/New_York
                    match: { service: mail }
                """);
        assertThat(f.maintenance())
                .extracting(MaintenanceWindow::schedule)
                .containsExactly(
                        new Schedule.Cron("0 22 * * 2"),
                        new Schedule.Once(LocalDateTime.parse("2026-12-24T18:00")),
                        new Schedule.Rule(
                                "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", LocalTime.of(6, 30), LocalDate.parse("2026-01-05")));
    }

    @Test
    void theExampleOfTheDocsIsAccepted() throws java.io.IOException {
        String docs = java.nio.file.Files.readString(Path.of("../docs/configuration.md"));
        int from = docs.indexOf("```yaml\nmaintenance:\n") + "```yaml\n".length();
        String yaml = docs.substring(from, docs.indexOf("```", from));
        assertThat(reader.parse(Path.of("c.yaml"), yaml).maintenance())
                .extracting(MaintenanceWindow::name)
                .containsExactly("patch-tuesday", "backup", "xmas-move", "fortnightly");
    }

    @Test
    void noMaintenanceSectionMeansNoWindows() {
        assertThat(reader.parse(Path.of("c.yaml"), "monitors: []\n").maintenance())
                .isEmpty();
    }

    @Test
    void unknownKeysAreRefusedWithASuggestion() {
        assertThat(problems(window("    starts_of: 2026-01-01\n")))
                .containsExactly("c.yaml:8:5: unknown key \"starts_of\"; did you mean \"starts_on\"?");
        assertThat(problems(window("    timezone: Europe/Berlin\n")))
                .containsExactly("c.yaml:8:5: unknown key \"timezone\"; valid keys in maintenance[0]:"
                        + " name, rrule, cron, start, starts_on, duration, tz, match");
    }

    @Test
    void rruleAndCronTogetherAreRefused() {
        assertThat(problems(window("    cron: \"0 22 * * 2\"\n")))
                .containsExactly("c.yaml:8:11: give either rrule or cron, not both");
    }

    @Test
    void aBadRruleSaysWhichPart() {
        assertThat(problems(window("").replace("BYDAY=2TU", "BYDAY=2XX")))
                .containsExactly("c.yaml:3:12: bad RRULE \"FREQ=MONTHLY;BYDAY=2XX\": invalid weeknum: '2XX'");
        assertThat(problems(window("").replace("MONTHLY", "MONTLY")))
                .containsExactly("c.yaml:3:12: bad RRULE \"FREQ=MONTLY;BYDAY=2TU\": Unknown FREQ value MONTLY");
    }

    @Test
    void aRuleThatCountsFromItsFirstDateNeedsStartsOn() {
        assertThat(problems(window("").replace("BYDAY=2TU", "BYDAY=2TU;COUNT=3")))
                .singleElement()
                .asString()
                .startsWith("c.yaml:3:12: this rule counts from its first date")
                .contains("starts_on");
    }

    @Test
    void aBadCronIsRefusedWhereItIs() {
        assertThat(problems("""
                maintenance:
                  - name: w
                    cron: "0 25 * * 2"
                    duration: 1h
                    tz: UTC
                    match: { a: b }
                """))
                .singleElement()
                .asString()
                .startsWith("c.yaml:3:11: bad cron expression \"0 25 * * 2\"");
    }

    @Test
    void anUnknownTimeZoneIsRefused() {
        assertThat(problems(window("").replace("Europe/Berlin", "Europe/Berln")))
                .containsExactly("c.yaml:6:9: unknown time zone; use an IANA name such as Europe/Berlin or UTC");
    }

    @Test
    void aDurationMustBeGivenPositiveAndAtMost31Days() {
        assertThat(problems(window("").replace("    duration: 2h\n", "")))
                .containsExactly("c.yaml:2:5: duration is required in maintenance[0]");
        assertThat(problems(window("").replace("duration: 2h", "duration: 0s")))
                .containsExactly("c.yaml:5:15: must be more than 0s and at most 31d");
        assertThat(problems(window("").replace("duration: 2h", "duration: 32d")))
                .containsExactly("c.yaml:5:15: must be more than 0s and at most 31d");
    }

    @Test
    void aBadStartIsRefused() {
        assertThat(problems(window("").replace("\"22:00\"", "\"10pm\"")))
                .containsExactly("c.yaml:4:12: must be a time of day such as \"22:00\" (the rule gives the days)");
        assertThat(problems("""
                maintenance:
                  - name: once
                    start: "2026-12-24"
                    duration: 1h
                    tz: UTC
                    match: { a: b }
                """))
                .containsExactly(
                        "c.yaml:3:12: must be a local date-time such as \"2026-12-24T18:00\" (or give rrule or cron)");
    }

    @Test
    void aDuplicateNameIsReportedAtItsSecondUse() {
        String one = window("");
        String twice = one + one.substring("maintenance:\n".length());
        assertThat(problems(twice))
                .containsExactly(
                        "c.yaml:8:5: maintenance name \"patch-tuesday\" is used twice; the first is at line 2");
    }

    @Test
    void emptyMatchValuesAreRefused() {
        assertThat(problems(window("").replace("{ service: erp }", "{ service: \"\" }")))
                .containsExactly("c.yaml:7:23: must not be empty");
        assertThat(problems(window("").replace("{ service: erp }", "{}")))
                .containsExactly("c.yaml:7:12: match must name at least one label");
    }

    /** The issue's example, with {@code extra} added as the window's last lines (line 8 onwards). */
    private static String window(String extra) {
        return """
                maintenance:
                  - name: patch-tuesday
                    rrule: "FREQ=MONTHLY;BYDAY=2TU"
                    start: "22:00"
                    duration: 2h
                    tz: Europe/Berlin
                    match: { service: erp }
                """ + extra;
    }

    private List<String> problems(String yaml) {
        try {
            reader.parse(Path.of("c.yaml"), yaml);
        } catch (ConfigException e) {
            return e.problems().stream().map(Problem::toString).toList();
        }
        throw new AssertionError("expected problems");
    }
}

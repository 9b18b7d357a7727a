package dev.vitals.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.store.Database;
import dev.vitals.testkit.SettableClock;
import dev.vitals.testkit.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The maintenance stage: the file's windows and the API's, muting by labels at an instant. */
class MaintenancesTest {
    private static final Map<String, String> ERP = Map.of("service", "erp", "monitor", "erp-web");

    @TempDir
    Path dir;

    // Tuesday 2026-11-10 is the second Tuesday of November; 22:00 in Berlin is 21:00 UTC.
    final SettableClock clock = SettableClock.at("2026-11-10T20:00:00Z");
    TestDatabases.Handle handle;
    Database db;
    Maintenances maintenances;

    @BeforeEach
    void open() {
        handle = TestDatabases.open("sqlite", dir);
        db = handle.open();
        maintenances = new Maintenances(new MaintenanceStore(db), clock);
    }

    @AfterEach
    void close() {
        db.close();
        handle.close();
    }

    private static String patchTuesday(String name) {
        return "{\"name\": \"" + name + "\", \"rrule\": \"FREQ=MONTHLY;BYDAY=2TU\", \"start\": \"22:00\","
                + " \"duration\": \"2h\", \"tz\": \"Europe/Berlin\", \"match\": {\"service\": \"erp\"}}";
    }

    @Test
    void aWindowOfTheApiMutesWhileAnOccurrenceRuns() {
        maintenances.create(patchTuesday("patch-tuesday"), "ada");
        assertThat(maintenances.muting(ERP, clock.instant())).isEmpty();
        clock.advance(Duration.ofMinutes(90));
        assertThat(maintenances.muting(ERP, clock.instant()))
                .contains(new Maintenances.Active(
                        "patch-tuesday", Maintenances.Origin.API, Instant.parse("2026-11-10T23:00:00Z")));
        assertThat(maintenances.muting(Map.of("service", "crm"), clock.instant()))
                .isEmpty();
        clock.advance(Duration.ofHours(2));
        assertThat(maintenances.muting(ERP, clock.instant())).isEmpty();
    }

    @Test
    void theCachedOccurrenceFollowsTimeBackAndForth() {
        maintenances.create(patchTuesday("patch-tuesday"), "ada");
        Instant during = Instant.parse("2026-11-10T21:30:00Z");
        assertThat(maintenances.muting(ERP, during)).isPresent();
        assertThat(maintenances.muting(ERP, during.minus(Duration.ofHours(1)))).isEmpty();
        assertThat(maintenances.muting(ERP, Instant.parse("2026-12-08T21:00:00Z")))
                .isPresent();
        assertThat(maintenances.muting(ERP, during)).isPresent();
    }

    @Test
    void theFilesWindowsMuteAndAreReplacedOnReload() {
        MaintenanceWindow backup = new MaintenanceWindow(
                "backup",
                new Schedule.Once(LocalDateTime.parse("2026-11-10T20:00")),
                Duration.ofHours(1),
                ZoneId.of("UTC"),
                Map.of("service", "erp"));
        maintenances.useFileWindows(List.of(backup));
        assertThat(maintenances.muting(ERP, clock.instant()))
                .hasValueSatisfying(a -> assertThat(a.origin()).isEqualTo(Maintenances.Origin.FILE));
        maintenances.useFileWindows(List.of());
        assertThat(maintenances.muting(ERP, clock.instant())).isEmpty();
    }

    @Test
    void endingAWindowStopsItsOccurrenceNowAndAllLaterOnes() {
        maintenances.create(patchTuesday("patch-tuesday"), "ada");
        clock.set(Instant.parse("2026-11-10T21:30:00Z"));
        Maintenances.Entry ended = maintenances.end("patch-tuesday");
        assertThat(ended.endedAt()).contains(clock.instant());
        assertThat(maintenances.muting(ERP, clock.instant())).isEmpty();
        assertThat(maintenances.muting(ERP, Instant.parse("2026-12-08T21:30:00Z")))
                .isEmpty();
        Maintenances.Status s = maintenances.list().get(0);
        assertThat(s.current()).isEmpty();
        assertThat(s.next()).isEmpty();
    }

    @Test
    void aWindowOfTheFileCannotBeEndedThroughTheApi() {
        maintenances.useFileWindows(List.of(new MaintenanceWindow(
                "backup",
                new Schedule.Cron("0 2 * * *"),
                Duration.ofHours(1),
                ZoneId.of("UTC"),
                Map.of("service", "backup"))));
        assertThatThrownBy(() -> maintenances.end("backup"))
                .isInstanceOf(MaintenanceException.class)
                .hasMessageContaining("configuration file")
                .extracting(e -> ((MaintenanceException) e).kind())
                .isEqualTo(MaintenanceException.Kind.CONFLICT);
        assertThatThrownBy(() -> maintenances.create(patchTuesday("backup"), "ada"))
                .extracting(e -> ((MaintenanceException) e).kind())
                .isEqualTo(MaintenanceException.Kind.CONFLICT);
    }

    @Test
    void aNameIsFreeAgainOnceItsWindowHasEnded() {
        maintenances.create(patchTuesday("p"), "ada");
        assertThatThrownBy(() -> maintenances.create(patchTuesday("p"), "ada"))
                .extracting(e -> ((MaintenanceException) e).kind())
                .isEqualTo(MaintenanceException.Kind.CONFLICT);
        maintenances.end("p");
        assertThat(maintenances.create(patchTuesday("p"), "bob").createdBy()).contains("bob");
        assertThat(maintenances.list()).hasSize(1);
    }

    @Test
    void theListSaysTheScheduleInWordsAndTheNextOccurrence() {
        maintenances.create(patchTuesday("patch-tuesday"), "ada");
        Maintenances.Status s = maintenances.list().get(0);
        assertThat(s.schedule()).isEqualTo("by rule FREQ=MONTHLY;BYDAY=2TU at 22:00 Europe/Berlin, for 2 h");
        assertThat(s.current()).isEmpty();
        assertThat(s.next().orElseThrow().start()).isEqualTo(Instant.parse("2026-11-10T21:00:00Z"));
        assertThat(s.entry().origin()).isEqualTo(Maintenances.Origin.API);
    }

    @Test
    void aBadDefinitionGetsTheFilesMessagesWithTheFieldPath() {
        assertThatThrownBy(
                        () -> Maintenances.parse(
                                "{\"name\": \"x\", \"rrule\": \"FREQ=MONTHLY;BYDAY=2TU\","
                                        + " \"start\": \"22:00\", \"duration\": \"2h\", \"tz\": \"Mars/Olympus\", \"match\": {\"a\": \"b\"}}"))
                .isInstanceOf(MaintenanceException.class)
                .hasMessageContaining("unknown time zone")
                .satisfies(e -> assertThat(
                                ((MaintenanceException) e).problems().get(0).path())
                        .isEqualTo("tz"));
        assertThatThrownBy(() -> Maintenances.parse("{\"name\": \"x\", \"rrule\": \"FREQ=MONTHLY;BYDAY=2TU\","
                        + " \"duration\": \"2h\", \"tz\": \"UTC\", \"match\": {\"a\": \"b\"}}"))
                .satisfies(e -> assertThat(
                                ((MaintenanceException) e).problems().get(0).path())
                        .isEqualTo("start"));
        assertThatThrownBy(() ->
                        Maintenances.parse("{\"name\": \"x\", \"start\": \"2026-12-24T18:00\", \"duration\": \"2h\","
                                + " \"tz\": \"UTC\", \"match\": {\"a\": \"b\"}, \"colour\": \"red\"}"))
                .hasMessageContaining("unknown key \"colour\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void theTableKeepsWindowsAndTheirEnds(String backend, @TempDir Path dbDir) {
        try (TestDatabases.Handle h = TestDatabases.open(backend, dbDir);
                Database other = h.open()) {
            MaintenanceStore store = new MaintenanceStore(other);
            Instant t = Instant.parse("2026-11-24T10:00:00Z");
            MaintenanceStore.Row row =
                    new MaintenanceStore.Row("m1", "p", patchTuesday("p"), "ada", t, java.util.Optional.empty());
            assertThat(store.insert(row)).isTrue();
            assertThat(store.insert(new MaintenanceStore.Row("m2", "p", "{}", "bob", t, java.util.Optional.empty())))
                    .as("the name is taken")
                    .isFalse();
            assertThat(store.all()).containsExactly(row);
            assertThat(store.end("p", t.plusSeconds(5))).isTrue();
            assertThat(store.end("p", t.plusSeconds(9))).isFalse();
            assertThat(store.all().get(0).endedAt()).contains(t.plusSeconds(5));
            assertThat(store.insert(new MaintenanceStore.Row("m3", "p", "{}", "bob", t, java.util.Optional.empty())))
                    .as("an ended window gives its name up")
                    .isTrue();
            assertThat(store.all()).extracting(MaintenanceStore.Row::id).containsExactly("m3");
        }
    }
}

package dev.vitals.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.checks.CheckResult;
import dev.vitals.checks.CheckRunner;
import dev.vitals.checks.Checkers;
import dev.vitals.checks.StandardCheckers;
import dev.vitals.config.Environment;
import dev.vitals.configfile.ConfigFileReader;
import dev.vitals.monitors.Monitor;
import dev.vitals.monitors.PushTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's monitors, read as Vitals reads any configuration and checked for real against the office:
 * every monitor is good while the office is healthy, and every fault of the script is seen.
 */
class DemoConfigTest {
    @TempDir
    Path dir;

    private final Office office = Office.start();
    private final Checkers checkers = StandardCheckers.create(InstantSource.system());
    private final CheckRunner runner = new CheckRunner(InstantSource.system(), checkers);

    @AfterEach
    void close() {
        checkers.close();
        office.close();
    }

    private List<Monitor> monitors(double speed) {
        Path file = DemoConfig.write(dir, office, speed);
        return new ConfigFileReader(Environment.of(Map.of())).read(file).monitors();
    }

    private CheckResult check(Monitor m) {
        return runner.run(m, Duration.ZERO);
    }

    private static List<Monitor> checked(List<Monitor> all) {
        return all.stream().filter(m -> !(m.target() instanceof PushTarget)).toList();
    }

    @Test
    void aDozenMonitorsEachLabelledWithItsServiceAndTeam() {
        List<Monitor> all = monitors(1);
        assertThat(all).hasSize(12);
        for (Monitor m : all) {
            assertThat(m.labels()).as(m.id()).containsKeys("service", "team");
        }
        for (Monitor m : checked(all)) {
            assertThat(m.interval()).as(m.id()).isEqualTo(Duration.ofSeconds(10));
            assertThat(m.timeout()).as(m.id()).isEqualTo(Duration.ofSeconds(5));
        }
        assertThat(all.stream().map(m -> m.labels().get("service")).distinct())
                .containsExactlyInAnyOrder("mail", "wiki", "intranet", "vpn", "payroll", "files", "backup");
        assertThat(all)
                .filteredOn(m -> m.labels().get("service").equals("payroll"))
                .allSatisfy(m -> assertThat(m.labels()).containsEntry("team", "finance"));
    }

    @Test
    void intervalsFollowTheSpeedOfTheScriptButNeverUnderOneSecond() {
        assertThat(monitors(4).get(0).interval()).isEqualTo(Duration.ofMillis(2500));
        assertThat(monitors(4).get(0).timeout()).isEqualTo(Duration.ofMillis(2500));
        Monitor fast = monitors(50).get(0);
        assertThat(fast.interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(fast.timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(fast.slow()).isLessThan(fast.timeout());
    }

    @Test
    void theNightlyBackupIsAPushMonitorWithTheKeyTheJobPingsAndAMinuteOfRealTimeAtAnySpeed() {
        for (double speed : new double[] {1, 12}) {
            Monitor backup = monitors(speed).stream()
                    .filter(m -> m.id().equals("backup-nightly"))
                    .findFirst()
                    .orElseThrow();
            assertThat(backup.name()).isEqualTo("Nightly backup");
            assertThat(backup.labels()).containsEntry("service", "backup").containsEntry("team", "it");
            assertThat(backup.target())
                    .isEqualTo(new PushTarget(
                            Optional.of(BackupJob.KEY),
                            Optional.empty(),
                            Optional.of(Duration.ofMinutes(1)),
                            ((PushTarget) backup.target()).tz(),
                            Duration.ofSeconds(20),
                            Optional.of(Duration.ofSeconds(40)),
                            Optional.empty()));
        }
        // The job's run fits in the longest run the monitor allows, and its minute in the period.
        assertThat(BackupJob.TAKES).isLessThan(DemoConfig.BACKUP_MAX_DURATION);
        assertThat(BackupJob.EVERY).isEqualTo(DemoConfig.BACKUP_PERIOD);
    }

    @Test
    void theHealthyOfficeIsUpOnEveryMonitor() {
        for (Monitor m : checked(monitors(1))) {
            CheckResult r = check(m);
            assertThat(r.outcome().isGood()).as(m.id() + ": " + r.reason()).isTrue();
        }
    }

    @Test
    void everyFaultOfTheScriptMakesEveryMonitorOfItsServiceBad() {
        List<Monitor> all = monitors(1);
        for (Script.Scene scene : Script.OFFICE) {
            office.set(scene.service(), scene.condition());
            List<Monitor> watching = all.stream()
                    .filter(m ->
                            m.labels().get("service").equals(scene.service().label()))
                    .toList();
            assertThat(watching).isNotEmpty();
            for (Monitor m : watching) {
                CheckResult r = check(m);
                assertThat(r.outcome().isBad())
                        .as(m.id() + " while " + scene.service().label() + " "
                                + scene.condition().words() + ": " + r.outcome() + " " + r.reason())
                        .isTrue();
            }
            office.set(scene.service(), Condition.HEALTHY);
        }
    }
}
